import type { Folder, FolderRole } from '../../../electron/contract/mail';
import type { HomingDb } from '../db';
import { startingWith } from '../ranges';
import { countMessages, countUnread } from './count-messages';

export interface FolderWithCounts extends Folder {
  total: number;
  unread: number;
}

const ROLE_ORDER: Record<FolderRole, number> = {
  inbox: 0,
  drafts: 1,
  sent: 2,
  archive: 3,
  all: 4,
  junk: 5,
  trash: 6,
  custom: 7,
};

/**
 * An account's folders, special folders first, then by path, each with total and unread counts.
 * Counts are the writer's running counts (../folder-counts.ts): one row per folder, whatever its size.
 */
export const listFolders = (db: HomingDb, accountId: string): Promise<FolderWithCounts[]> =>
  db.transaction('r', [db.folders, db.folderCounts], async () => {
    const folders = await db.folders
      .where('[accountId+path]')
      .between(...startingWith(accountId))
      .toArray();
    const counted = await Promise.all(
      folders.map(async (folder) => ({
        ...folder,
        total: await countMessages(db, folder.id),
        unread: await countUnread(db, folder.id),
      })),
    );
    return counted.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  });
