import { emptyStats, type StorageStats } from '../account-stats';
import type { HomingDb } from '../db';

export type { StorageStats } from '../account-stats';

/** Where an account's mail lives: the running totals the writer keeps (one row read). */
export const storageStats = async (db: HomingDb, accountId: string): Promise<StorageStats> => {
  const row = await db.accountStats.get(accountId);
  if (!row) return emptyStats();
  return {
    messages: row.messages,
    bytesHere: row.bytesHere,
    onlyHereCount: row.onlyHereCount,
    onlyHereBytes: row.onlyHereBytes,
    serverOnlyCount: row.serverOnlyCount,
  };
};
