import type { HomingDb } from '../db';
import type { StoredMessage } from '../rows';

/** Messages of an account whose only copy is on this computer, newest first. */
export const listOnlyHere = async (db: HomingDb, accountId: string): Promise<StoredMessage[]> => {
  const rows = await db.messages.where('localOnly').equals(accountId).toArray();
  return rows.sort((a, b) => b.date - a.date);
};
