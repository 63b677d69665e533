import type { HomingDb } from '../db';
import { startingWith } from '../ranges';
import { SORT_INDEX as COLUMN_SORT_INDEX, sortedInMemory, sortReady } from '../sort-keys';
import type { MessageSort } from './list-message-page';

const SORT_INDEX: Record<MessageSort, string> = { date: '[folderId+date]', ...COLUMN_SORT_INDEX };

/**
 * The ids of rows `offset … offset + limit` of a folder in list order, from index keys only (no
 * row is loaded): what a shift-click range selection over a 100k-row virtual list needs.
 * Same order as listMessagePage for the same options.
 */
export const listMessageIds = (
  db: HomingDb,
  folderId: string,
  options: { sort?: MessageSort; desc?: boolean; offset?: number; limit?: number } = {},
): Promise<string[]> => {
  const sort = options.sort ?? 'date';
  const desc = options.desc ?? sort === 'date';
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.max(0, Math.floor(options.limit ?? 100));
  if (limit === 0) return Promise.resolve([]);
  if (sort !== 'date') {
    return db.transaction('r', [db.messages, db.folderSorts], async () =>
      (await sortReady(db, folderId, sort))
        ? indexedIds(db, folderId, sort, desc, offset, limit)
        : (await sortedInMemory(db, folderId, sort, desc)).slice(offset, offset + limit).map((row) => row.id),
    );
  }
  return indexedIds(db, folderId, sort, desc, offset, limit);
};

const indexedIds = (db: HomingDb, folderId: string, sort: MessageSort, desc: boolean, offset: number, limit: number): Promise<string[]> => {
  let keys = db.messages.where(SORT_INDEX[sort]).between(...startingWith(folderId));
  if (desc) keys = keys.reverse();
  return keys.offset(offset).limit(limit).primaryKeys();
};
