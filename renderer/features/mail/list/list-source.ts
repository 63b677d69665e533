import type { HomingDb } from '../../../store/db';
import { countMessages } from '../../../store/queries/count-messages';
import { getMessages } from '../../../store/queries/get-messages';
import { listMessageIds } from '../../../store/queries/list-message-ids';
import { listMessagePage, type MessageSort } from '../../../store/queries/list-message-page';
import { listThreadWindow } from '../../../store/queries/list-thread-window';
import { searchBounded } from '../../../store/queries/search-bounded';
import { countUnifiedInbox, unifiedInbox } from '../../../store/queries/unified-inbox';
import type { StoredMessage } from '../../../store/rows';
import { type ThreadedRows, threadRows } from '../threads/thread-rows';

/** What the message list shows: one folder, one folder's conversations, every inbox together, or search results. */
export type ListSource =
  | { kind: 'folder'; folderId: string }
  /** Conversations among the folder's newest `window` messages; `expanded` names open threads. */
  | { kind: 'threads'; folderId: string; window: number; expanded: ReadonlySet<string> }
  | { kind: 'unified' }
  | { kind: 'search'; query: string; accountId: string | null };

export interface ListOrder {
  sort: MessageSort;
  desc: boolean;
}

export const defaultOrder: ListOrder = { sort: 'date', desc: true };

/** Search results are capped: a list of the newest matches, not an export. */
export const SEARCH_LIMIT = 1_000;

/** The list's identity: a new key starts at the top. Expanding a thread or widening the window keeps the place. */
export const sourceKey = (source: ListSource): string =>
  source.kind === 'folder'
    ? `folder:${source.folderId}`
    : source.kind === 'threads'
      ? `threads:${source.folderId}`
      : source.kind === 'unified'
        ? 'unified'
        : `search:${source.accountId ?? '*'}:${source.query}`;

/** The conversation view's rows for a threads source (one window read, threaded in memory). */
export const threadedOf = async (db: HomingDb, source: Extract<ListSource, { kind: 'threads' }>): Promise<ThreadedRows> =>
  threadRows(await listThreadWindow(db, source.folderId, source.window), source.expanded);

/** Sorting by column is offered only where an index serves it (one folder). */
export const sortable = (source: ListSource): boolean => source.kind === 'folder';

export const countSource = (db: HomingDb, source: ListSource): Promise<number> => {
  switch (source.kind) {
    case 'folder':
      return countMessages(db, source.folderId);
    case 'threads':
      return threadedOf(db, source).then((t) => t.rows.length);
    case 'unified':
      return countUnifiedInbox(db);
    case 'search':
      return searchBounded(db, source.query, { limit: SEARCH_LIMIT, ...(source.accountId ? { accountId: source.accountId } : {}) }).then(
        (r) => r.length,
      );
  }
};

/** Rows `offset … offset + limit` of the list, in list order. */
export const pageOfSource = (
  db: HomingDb,
  source: ListSource,
  order: ListOrder,
  offset: number,
  limit: number,
): Promise<StoredMessage[]> => {
  switch (source.kind) {
    case 'folder':
      return listMessagePage(db, source.folderId, { sort: order.sort, desc: order.desc, offset, limit });
    case 'threads':
      return threadedOf(db, source).then((t) => t.rows.slice(offset, offset + limit));
    case 'unified':
      return unifiedInbox(db, { offset, limit });
    case 'search':
      return searchBounded(db, source.query, { limit: SEARCH_LIMIT, ...(source.accountId ? { accountId: source.accountId } : {}) }).then(
        (rows) => rows.slice(offset, offset + limit),
      );
  }
};

/** Ids of rows `from … to` (inclusive), keys only where the source allows it. */
export const idsOfRange = async (db: HomingDb, source: ListSource, order: ListOrder, from: number, to: number): Promise<string[]> => {
  const limit = to - from + 1;
  if (source.kind === 'folder') return listMessageIds(db, source.folderId, { sort: order.sort, desc: order.desc, offset: from, limit });
  return (await pageOfSource(db, source, order, from, limit)).map((m) => m.id);
};

export { getMessages };
