import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';

import type { HomingDb } from '../../../store/db';
import { searchBounded } from '../../../store/queries/search-bounded';
import type { StoredMessage } from '../../../store/rows';
import { requestSortIndex } from '../../../store/sort-requests';
import type { RowThread } from '../threads/thread-rows';
import { countSource, type ListOrder, type ListSource, pageOfSource, SEARCH_LIMIT, sourceKey, threadedOf } from './list-source';
import { timed } from './timed';

/** One shared empty array: a fresh `[]` per render would look like new rows every time. */
const NO_ROWS: StoredMessage[] = [];

export interface ListData {
  /** undefined while the first count is loading. */
  total: number | undefined;
  rows: StoredMessage[];
  /** List index of rows[0]. */
  rowsStart: number;
  /** Search only: more results are being read (the first page came first). */
  more: boolean;
  /** Conversation view only: how each row sits in its thread. */
  threads?: ReadonlyMap<string, RowThread>;
  /** Conversation view only: the window was full, so older messages exist beyond it. */
  olderExist?: boolean;
}

/** The last count of each list, to start from when it is shown again (this window's lifetime). */
const lastCounts = new Map<string, number>();

/** A search first reads one screenful, paints it, then reads the rest up to SEARCH_LIMIT. */
export const FIRST_RESULTS = 60;

/**
 * The rows a virtual list needs: its length (counted on an index) and one window of rows around
 * `pageStart`, both live (they refresh after every store commit). Search results are one query.
 */
export const useListData = (db: HomingDb, source: ListSource, order: ListOrder, pageStart: number, pageSize: number): ListData => {
  const key = sourceKey(source);
  const isSearch = source.kind === 'search';
  // Like the window below, results carry the query they answer: until the new search is done, the
  // list says "searching", never "nothing found" from a query that was not run yet.
  const [limit, setLimit] = useState({ key, n: FIRST_RESULTS });
  const wanted = limit.key === key ? limit.n : FIRST_RESULTS;
  const found = useLiveQuery(
    async () =>
      source.kind === 'search'
        ? {
            key,
            limit: wanted,
            rows: await timed(`search-${wanted}`, () =>
              searchBounded(db, source.query, { limit: wanted, ...(source.accountId ? { accountId: source.accountId } : {}) }),
            ),
          }
        : null,
    [db, key, wanted],
  );
  const answered = found && found.key === key ? found : null;
  const results = answered?.rows;
  const more = !!answered && answered.rows.length === answered.limit && answered.limit < SEARCH_LIMIT;
  // The rest waits until the first page is on screen: deserializing 1,000 rows on the main thread
  // must not delay that paint.
  useEffect(() => {
    if (!more) return;
    const timer = setTimeout(() => setLimit({ key, n: SEARCH_LIMIT }), 250);
    return () => clearTimeout(timer);
  }, [more, key]);
  // The conversation view reads its window and threads it once per store change or expansion,
  // like search results: one array the virtual list pages through (threads/thread-rows.ts).
  const threadKey = source.kind === 'threads' ? `${source.window}|${[...source.expanded].sort().join(',')}` : '';
  const threaded = useLiveQuery(
    async () =>
      source.kind === 'threads' ? { key, window: source.window, data: await timed('threads', () => threadedOf(db, source)) } : null,
    [db, key, threadKey],
  );
  const counted = useLiveQuery(async () => {
    const n = isSearch || source.kind === 'threads' ? undefined : await timed('count', () => countSource(db, source));
    if (n !== undefined) lastCounts.set(key, n);
    return { key, n };
  }, [db, key]);
  // Counting a big folder is slow in Chromium (the count walks the index): a folder opened again
  // starts from its last count while the new one runs.
  const total = counted && counted.key === key ? counted.n : lastCounts.get(key);
  // The window carries its own start and order: while a new window loads, the previous one is
  // still placed where it belongs, never shifted onto the new indexes.
  const orderKey = `${order.sort}:${order.desc}`;
  // A folder sorted by a column the first time: the store keeps its index from now on.
  const sortedFolder = source.kind === 'folder' ? source.folderId : null;
  const columnSort = order.sort === 'date' ? null : order.sort;
  useEffect(() => {
    if (sortedFolder && columnSort) requestSortIndex(sortedFolder, columnSort);
  }, [sortedFolder, columnSort]);
  const page = useLiveQuery(
    async () => ({
      key: `${key}|${orderKey}`,
      start: pageStart,
      rows: isSearch || source.kind === 'threads' ? [] : await timed('page', () => pageOfSource(db, source, order, pageStart, pageSize)),
    }),
    [db, key, orderKey, pageStart, pageSize],
  );
  if (isSearch) return { total: results?.length, rows: results ?? NO_ROWS, rowsStart: 0, more };
  if (source.kind === 'threads') {
    // While a new expansion is threaded, the previous answer for this folder stays on screen.
    const t = threaded && threaded.key === key ? threaded : null;
    return {
      total: t?.data.rows.length,
      rows: t?.data.rows ?? NO_ROWS,
      rowsStart: 0,
      more: false,
      threads: t?.data.info,
      olderExist: t ? t.data.threaded >= t.window : false,
    };
  }
  const current = page && page.key === `${key}|${orderKey}` ? page : null;
  return { total, rows: current?.rows ?? NO_ROWS, rowsStart: current?.start ?? pageStart, more: false };
};
