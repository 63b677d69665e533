import type { HomingDb } from '../db';
import { startingWith } from '../ranges';
import type { StoredMessage } from '../rows';
import { countMessages } from './count-messages';
import { listMessagePage } from './list-message-page';

const inboxIds = async (db: HomingDb): Promise<string[]> =>
  (await db.folders.filter((folder) => folder.role === 'inbox').toArray()).map((folder) => folder.id);

interface DatedKey {
  date: number;
  id: string;
}

/** The newest `count` (date, id) pairs of a folder, from index keys only. */
const newestKeys = async (db: HomingDb, folderId: string, count: number): Promise<DatedKey[]> => {
  const keys: DatedKey[] = [];
  await db.messages
    .where('[folderId+date]')
    .between(...startingWith(folderId))
    .reverse()
    .limit(count)
    .eachKey((key, cursor) => {
      keys.push({ date: (key as [string, number])[1], id: cursor.primaryKey as string });
    });
  return keys;
};

/** Same order as one folder's reversed [folderId+date] index: newest first, then id descending. */
const newestFirst = (a: DatedKey, b: DatedKey): number => b.date - a.date || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The inboxes of all accounts as one list, newest first. Merges the head of each inbox's date
 * index (offset + limit keys each, keys only) and loads only the rows of the requested page.
 */
export const unifiedInbox = (db: HomingDb, options: { offset?: number; limit?: number } = {}): Promise<StoredMessage[]> => {
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.max(0, Math.floor(options.limit ?? 100));
  return db.transaction('r', [db.folders, db.messages, db.folderCounts], async () => {
    if (limit === 0) return [];
    const inboxes = await inboxIds(db);
    // One account (the common case): its inbox is the list.
    if (inboxes.length === 1) return listMessagePage(db, inboxes[0]!, { offset, limit });
    const heads = await Promise.all(inboxes.map((id) => newestKeys(db, id, offset + limit)));
    const page = heads
      .flat()
      .sort(newestFirst)
      .slice(offset, offset + limit);
    const rows = await db.messages.bulkGet(page.map((key) => key.id));
    return rows.filter((row) => row !== undefined);
  });
};

export const countUnifiedInbox = (db: HomingDb): Promise<number> =>
  db.transaction('r', [db.folders, db.folderCounts], async () => {
    const counts = await Promise.all((await inboxIds(db)).map((id) => countMessages(db, id)));
    return counts.reduce((sum, n) => sum + n, 0);
  });
