import type { Table } from 'dexie';

import type { HomingDb } from './db';

/**
 * The body indexer's queue (`bodyIndexQueue`): messages whose stored source still has to be read
 * into their search row (./body-indexer.ts). A row holds the messages of one stored batch (`ids`),
 * or, written before version 6, one message (its `id`). One row per batch, not per message: every
 * IndexedDB put costs Chromium ~0.1 ms of CPU however small the record (10,000 tiny puts measured
 * at ~1.0–1.2 s), and the queue entry was one of three records per downloaded message.
 *
 * A message removed while queued stays listed until the indexer reaches it and finds no row; so
 * the indexer checks that what it indexed still exists (see indexQueuedBodies).
 */
export interface BodyIndexQueueRow {
  id: string;
  ids?: string[];
}

export const idsOfQueueRow = (row: BodyIndexQueueRow): string[] => row.ids ?? [row.id];

let sequence = 0;
/** Keys sort in the order batches were stored (the queue is read first in, first out). */
export const queueKey = (now = Date.now()): string =>
  `q:${now.toString(36).padStart(10, '0')}:${(sequence++).toString(36).padStart(6, '0')}`;

/** Queues the messages of one stored batch, inside the caller's transaction. */
export const queueForIndexing = async (queue: Table<BodyIndexQueueRow, string>, ids: string[]): Promise<void> => {
  if (ids.length > 0) await queue.put({ id: queueKey(), ids });
};

export interface TakenFromQueue {
  /** The message ids taken, in queue order, at most the limit asked for. */
  ids: string[];
  /** Queue rows emptied by the take. */
  consumed: string[];
  /** A row only partly taken: what stays queued of it. */
  rest: BodyIndexQueueRow | null;
}

/** Reads (never writes) the first `limit` queued message ids, row by row, inside the caller's transaction. */
export const peekQueue = async (db: HomingDb, limit: number): Promise<TakenFromQueue> => {
  const taken: TakenFromQueue = { ids: [], consumed: [], rest: null };
  let after: string | null = null;
  while (taken.ids.length < limit) {
    const page: BodyIndexQueueRow[] = await (
      after === null ? db.bodyIndexQueue.orderBy(':id') : db.bodyIndexQueue.where(':id').above(after)
    )
      .limit(16)
      .toArray();
    for (const row of page) {
      const ids = idsOfQueueRow(row);
      const room = limit - taken.ids.length;
      if (ids.length <= room) {
        taken.ids.push(...ids);
        taken.consumed.push(row.id);
      } else {
        taken.ids.push(...ids.slice(0, room));
        taken.rest = { id: row.id, ids: ids.slice(room) };
      }
      if (taken.ids.length >= limit) return taken;
    }
    if (page.length < 16) break;
    after = page[page.length - 1]!.id;
  }
  return taken;
};

/** Takes what peekQueue saw out of the queue, inside the caller's read-write transaction. */
export const dropTaken = async (db: HomingDb, taken: TakenFromQueue): Promise<void> => {
  if (taken.consumed.length > 0) await db.bodyIndexQueue.bulkDelete(taken.consumed);
  if (taken.rest) await db.bodyIndexQueue.put(taken.rest);
};

/** How many messages are queued, reading at most until more than `cap` are seen (then `cap + 1`). */
export const countQueued = async (db: HomingDb, cap: number): Promise<number> => {
  const { ids } = await peekQueue(db, cap + 1);
  return ids.length;
};
