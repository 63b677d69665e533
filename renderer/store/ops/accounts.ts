import type { SyncOp } from '../../../electron/contract/mail';
import type { HomingDb } from '../db';
import { removePopState } from '../pop-state';
import { startingWith } from '../ranges';
import { deleteMessageRows, messagesInFolder } from './messages';

type PutAccount = Extract<SyncOp, { op: 'putAccount' }>;
type RemoveAccount = Extract<SyncOp, { op: 'removeAccount' }>;

export const putAccount = async (db: HomingDb, op: PutAccount): Promise<void> => {
  await db.accounts.put(op.account);
};

/**
 * Removes an account and everything stored for it, including mail that exists only here: removing
 * an account is the user's explicit decision, and the UI shows that count before asking.
 */
export const removeAccount = async (db: HomingDb, op: RemoveAccount): Promise<void> => {
  const { accountId } = op;
  const folderIds = await db.folders
    .where('[accountId+path]')
    .between(...startingWith(accountId))
    .primaryKeys();
  // Every stored message is in a stored folder of its own account (the writer refuses any other).
  for (const folderId of folderIds) {
    const rows = await messagesInFolder(db, folderId);
    await deleteMessageRows(
      db,
      rows.map((row) => row.id),
      rows,
    );
  }
  await db.imapFolderState.bulkDelete(folderIds);
  // Folder ids are `${accountId}/${path}`; also catch state whose folder row never arrived.
  await db.imapFolderState.where('folderId').startsWith(`${accountId}/`).delete();
  await db.folderCounts.bulkDelete(folderIds);
  await db.folderSorts.bulkDelete(folderIds);
  await db.folders.bulkDelete(folderIds);
  await removePopState(db.popStateLog, accountId);
  await db.accountStats.delete(accountId);
  await db.accounts.delete(accountId);
};
