import type { HomingDb } from '../db';
import type { StoredMessage } from '../rows';

/** Several messages by id, in the order asked, skipping ids no longer stored. */
export const getMessages = async (db: HomingDb, ids: readonly string[]): Promise<StoredMessage[]> =>
  (await db.messages.bulkGet([...ids])).filter((row): row is StoredMessage => row !== undefined);
