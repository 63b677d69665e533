import type { HomingDb } from '../db';
import type { StoredMessage } from '../rows';

export const getMessage = async (db: HomingDb, id: string): Promise<StoredMessage | null> => (await db.messages.get(id)) ?? null;
