import type { ColumnSort } from './sort-keys';
import type { StoreHandler } from './worker-protocol';

/**
 * The window's way to ask the store worker to keep a folder's column sort index (./sort-keys.ts).
 * The worker is the only writer, so the list asks it, once per folder and sort in a session; until
 * it is ready the list sorts in memory, and the live query re-reads when the folder's sort row
 * changes. A window without the worker (none started yet, or a test) simply keeps sorting in memory.
 */
let requester: StoreHandler | null = null;
const asked = new Set<string>();

export const setStoreRequester = (handle: StoreHandler | null): void => {
  requester = handle;
  asked.clear();
};

export const requestSortIndex = (folderId: string, sort: ColumnSort): void => {
  const key = `${folderId}\u0000${sort}`;
  if (!requester || asked.has(key)) return;
  asked.add(key);
  void requester({ kind: 'prepareSort', folderId, sort }).then((result) => {
    if (result.ok) return;
    // Asked again the next time the list sorts this folder so; meanwhile it sorts in memory.
    asked.delete(key);
    console.warn(`[store] could not prepare the ${sort} sort of ${folderId}: ${result.error.message}`);
  });
};
