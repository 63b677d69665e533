import type { Table } from 'dexie';

import type { HomingDb } from './db';
import { startingWith } from './ranges';
import { fromSortKey, type StoredMessage, subjectSortKey } from './rows';

/** The list's column sorts other than by date, which every folder has. */
export type ColumnSort = 'from' | 'subject' | 'size';
export const COLUMN_SORTS: readonly ColumnSort[] = ['from', 'subject', 'size'];

/**
 * Column sort indexes are kept only for folders the user has sorted that way. Every index entry
 * costs a download about a fifth of the row itself (measured in Chromium: 10,000 rows with the
 * date index and three sort indexes cost ~2.5-3.3 s of CPU to add, with the date index alone
 * ~1.5-1.9 s), and most folders are only ever read newest first. So a message row carries a sort
 * field only while its folder has that sort turned on: the `[folderId+fromSort]` (…subjectSort,
 * …sizeSort) indexes are sparse, and hold exactly the rows of those folders.
 *
 * Turning a sort on (`prepareSort`, asked by the list the first time a folder is sorted so) marks
 * the folder first, so every row the writer stores or moves into it from then on gets the field,
 * then gives the folder's rows theirs, then marks the sort ready. Until it is ready the list sorts
 * the folder in memory (queries/list-message-page.ts), in the same order.
 */
export interface FolderSortRow {
  folderId: string;
  enabled: ColumnSort[];
  ready: ColumnSort[];
}

/** The index each list order walks: the date index every folder has, or a column's sparse one. */
export const SORT_INDEX: Record<ColumnSort | 'date', string> = {
  date: '[folderId+date]',
  from: '[folderId+fromSort]',
  subject: '[folderId+subjectSort]',
  size: '[folderId+sizeSort]',
};

/** The key each sort orders by (as the index compares it: then by id). */
export const sortKeyOf = (row: Pick<StoredMessage, 'from' | 'subject' | 'size'>, sort: ColumnSort): string | number =>
  sort === 'from' ? fromSortKey(row.from) : sort === 'subject' ? subjectSortKey(row.subject) : row.size;

/** The row with the sort fields of exactly the `enabled` sorts (a new object). */
export const withSortKeys = (row: StoredMessage, enabled: readonly ColumnSort[] | undefined): StoredMessage => {
  const { fromSort: _f, subjectSort: _s, sizeSort: _z, ...rest } = row;
  const out: StoredMessage = rest;
  for (const sort of enabled ?? []) {
    if (sort === 'size') out.sizeSort = row.size;
    else out[sort === 'from' ? 'fromSort' : 'subjectSort'] = sortKeyOf(row, sort) as string;
  }
  return out;
};

/** The enabled sorts of each folder that has any. */
export const enabledSorts = async (table: Table<FolderSortRow, string>, folderIds: string[]): Promise<Map<string, ColumnSort[]>> => {
  if (folderIds.length === 0) return new Map();
  const rows = await table.bulkGet(folderIds);
  return new Map(rows.flatMap((row) => (row && row.enabled.length > 0 ? [[row.folderId, row.enabled] as const] : [])));
};

export const sortReady = async (db: HomingDb, folderId: string, sort: ColumnSort): Promise<boolean> =>
  (await db.folderSorts.get(folderId))?.ready.includes(sort) ?? false;

/** Rows given their sort fields per transaction while a sort is turned on. */
const PREPARE_CHUNK = 500;

/**
 * Turns `sort` on for the folder (see FolderSortRow): the writer's own work, in transactions of
 * its own, so sync batches interleave with it. Returns once the sort is ready.
 */
export const prepareSort = async (db: HomingDb, folderId: string, sort: ColumnSort): Promise<void> => {
  const started = await db.transaction('rw', db.folderSorts, async () => {
    const row = (await db.folderSorts.get(folderId)) ?? { folderId, enabled: [], ready: [] };
    if (row.ready.includes(sort)) return false;
    if (!row.enabled.includes(sort)) await db.folderSorts.put({ ...row, enabled: [...row.enabled, sort] });
    return true;
  });
  if (!started) return;
  // The rows in the folder now; one stored or moved in from here on gets its field from the writer.
  const ids = await db.messages
    .where('[folderId+date]')
    .between(...startingWith(folderId))
    .primaryKeys();
  for (let at = 0; at < ids.length; at += PREPARE_CHUNK) {
    await db.transaction('rw', [db.messages, db.folderSorts], async () => {
      const enabled = (await db.folderSorts.get(folderId))?.enabled ?? [];
      const rows = await db.messages.bulkGet(ids.slice(at, at + PREPARE_CHUNK));
      // A row moved away meanwhile got its new folder's fields when it moved.
      const keyed = rows.flatMap((row) => (row && row.folderId === folderId ? [withSortKeys(row, enabled)] : []));
      if (keyed.length > 0) await db.messages.bulkPut(keyed);
    });
  }
  await db.transaction('rw', db.folderSorts, async () => {
    const row = await db.folderSorts.get(folderId);
    if (row && row.enabled.includes(sort) && !row.ready.includes(sort)) await db.folderSorts.put({ ...row, ready: [...row.ready, sort] });
  });
};

/**
 * The folder's rows in the order its sort index would give (key, then id; reversed whole for
 * desc), sorted here: while a sort is not ready yet (see prepareSort).
 */
export const sortedInMemory = async (db: HomingDb, folderId: string, sort: ColumnSort, desc: boolean): Promise<StoredMessage[]> => {
  const rows = await db.messages
    .where('[folderId+date]')
    .between(...startingWith(folderId))
    .toArray();
  const keyed = rows.map((row) => ({ row, key: sortKeyOf(row, sort) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0));
  if (desc) keyed.reverse();
  return keyed.map((k) => k.row);
};

/** Rows `offset … offset + limit` of one folder's list in `sort` order. */
export interface FolderWindow {
  folderId: string;
  sort: ColumnSort | 'date';
  desc: boolean;
  offset: number;
  limit: number;
}

/**
 * The rows of `window`, as `pick` gives each: `walk` reads
 * them on the sort's index when it serves the folder (always for date; for a column once
 * prepareSort made it ready), else they are cut from the folder sorted here, in the same order. One
 * read transaction, so the choice matches the index.
 */
export const inSortOrder = <T>(
  db: HomingDb,
  window: FolderWindow,
  walk: () => Promise<T[]>,
  pick: (row: StoredMessage) => T,
): Promise<T[]> => {
  const { folderId, sort, desc, offset, limit } = window;
  if (sort === 'date') return walk();
  return db.transaction('r', [db.messages, db.folderSorts, db.folderCounts], async () =>
    (await sortReady(db, folderId, sort))
      ? walk()
      : (await sortedInMemory(db, folderId, sort, desc)).slice(offset, offset + limit).map(pick),
  );
};
