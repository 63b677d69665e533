import type { HomingDb } from '../db';
import { countUnread } from './count-messages';

/** Unread messages in every account's inbox together (the unified Inbox's count), from indexes only. */
export const countUnifiedUnread = (db: HomingDb): Promise<number> =>
  db.transaction('r', [db.folders, db.folderCounts], async () => {
    const inboxes = await db.folders.filter((folder) => folder.role === 'inbox').primaryKeys();
    const counts = await Promise.all(inboxes.map((id) => countUnread(db, id)));
    return counts.reduce((sum, n) => sum + n, 0);
  });
