import type { SyncOp } from '../../../electron/contract/mail';
import { HomingError } from '../../../electron/contract/result';
import type { HomingDb } from '../db';
import { deleteMessageRows, messagesInFolder } from './messages';

type PutFolders = Extract<SyncOp, { op: 'putFolders' }>;
type RemoveFolders = Extract<SyncOp, { op: 'removeFolders' }>;

export const putFolders = async (db: HomingDb, op: PutFolders): Promise<void> => {
  if (op.folders.length > 0) await db.folders.bulkPut(op.folders);
};

/**
 * Removes folders with their messages and IMAP state (a folder deleted on the server). Refuses when
 * a folder still holds a message whose only copy is here: that would lose mail (invariant 1), so
 * the engine must move or remove those messages explicitly first.
 */
export const removeFolders = async (db: HomingDb, op: RemoveFolders): Promise<void> => {
  const folderIds = [...new Set(op.folderIds)];
  for (const folderId of folderIds) {
    const rows = await messagesInFolder(db, folderId);
    const onlyHere = rows.filter((row) => row.location === 'local').length;
    if (onlyHere > 0) {
      throw new HomingError(
        'store_failed',
        `Folder ${folderId} still holds ${onlyHere} message(s) that exist only on this computer; they must be moved or deleted first`,
      );
    }
    await deleteMessageRows(
      db,
      rows.map((row) => row.id),
      rows,
    );
  }
  await db.imapFolderState.bulkDelete(folderIds);
  await db.folderCounts.bulkDelete(folderIds);
  await db.folderSorts.bulkDelete(folderIds);
  await db.folders.bulkDelete(folderIds);
};
