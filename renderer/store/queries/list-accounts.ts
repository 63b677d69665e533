import type { Account } from '../../../electron/contract/accounts';
import type { HomingDb } from '../db';

/** Accounts in the order they were added. */
export const listAccounts = async (db: HomingDb): Promise<Account[]> =>
  (await db.accounts.toArray()).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
