import type { HomingDb } from '../db';
import { startingWith } from '../ranges';
import { type FolderWindow, inSortOrder, SORT_INDEX } from '../sort-keys';
import type { MessageSort } from './list-message-page';

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
  const window = { folderId, sort, desc, offset, limit };
  return inSortOrder(
    db,
    window,
    () => indexedIds(db, window),
    (row) => row.id,
  );
};

const indexedIds = (db: HomingDb, { folderId, sort, desc, offset, limit }: FolderWindow): Promise<string[]> => {
  let keys = db.messages.where(SORT_INDEX[sort]).between(...startingWith(folderId));
  if (desc) keys = keys.reverse();
  return keys.offset(offset).limit(limit).primaryKeys();
};
