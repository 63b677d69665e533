import type { HomingDb } from '../db';
import { startingWith } from '../ranges';
import type { StoredMessage } from '../rows';
import { type FolderWindow, inSortOrder, SORT_INDEX } from '../sort-keys';
import { countMessages } from './count-messages';

export type MessageSort = 'date' | 'from' | 'subject' | 'size';

export interface PageOptions {
  sort?: MessageSort;
  /** Default: newest first for date, A→Z / smallest first for the others. */
  desc?: boolean;
  offset?: number;
  limit?: number;
}

/** Below this offset, skipping from the near end is cheap enough not to count the folder first. */
const COUNT_FIRST_OFFSET = 2_000;

/**
 * One page of a folder for the virtual message list. Never loads the folder: a cursor on the sort's
 * index skips `offset` entries (IDBCursor.advance, no rows read) and reads `limit` rows. Past the
 * middle of the folder it walks from the other end and reverses the page, since an index's order
 * is total (key, then primary key); so the deepest page costs what the middle one does.
 */
export const listMessagePage = (db: HomingDb, folderId: string, options: PageOptions = {}): Promise<StoredMessage[]> => {
  const sort = options.sort ?? 'date';
  const desc = options.desc ?? sort === 'date';
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.max(0, Math.floor(options.limit ?? 100));
  // A column sort has its index only once the folder's sort is ready (../sort-keys.ts).
  const window = { folderId, sort, desc, offset, limit };
  return inSortOrder(
    db,
    window,
    () => indexedPage(db, window),
    (row) => row,
  );
};

const indexedPage = (db: HomingDb, { folderId, sort, desc, offset, limit }: FolderWindow): Promise<StoredMessage[]> => {
  const range = () => db.messages.where(SORT_INDEX[sort]).between(...startingWith(folderId));
  const walk = (reverse: boolean, skip: number, take: number) => (reverse ? range().reverse() : range()).offset(skip).limit(take).toArray();
  if (limit === 0) return Promise.resolve([]);
  if (offset < COUNT_FIRST_OFFSET) return walk(desc, offset, limit);

  return db.transaction('r', [db.messages, db.folderCounts], async () => {
    // The running count, read in the same transaction as the walk, so it matches the index.
    const total = await countMessages(db, folderId);
    if (offset >= total) return [];
    const take = Math.min(limit, total - offset);
    if (offset <= total - offset - take) return walk(desc, offset, take);
    return (await walk(!desc, total - offset - take, take)).reverse();
  });
};
