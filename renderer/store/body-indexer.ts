import Dexie from 'dexie';

import { dropTaken, peekQueue } from './body-index-queue';
import type { HomingDb } from './db';
import { readSegmentSource } from './queries/get-source';
import type { SearchRow } from './rows';
import { bodyText, MAX_SOURCE_BYTES } from './search/body-text';
import { termsForMessage } from './search/tokenize';
import { inlineBytes, segmentRefOf } from './source-files';

/**
 * The background body indexer, as Thunderbird's gloda does it: the writer only queues the ids of
 * messages whose sources it stored (`bodyIndexQueue`, ./body-index-queue.ts), and this adds the body's
 * words to the message's search row later, while the writer is idle. Indexing them inside the sync
 * batch would multiply each message's `*terms` entries (~44 → up to 256), and the cost of a
 * batch's transaction grows with its index entries (2,000 rows × 44 entries ≈ 1.2 s in Chromium).
 */

/**
 * Messages in the first indexing transaction. Later ones are sized by nextBatchSize: each message
 * rewrites up to 256 index entries, and what that costs depends on the machine and the mail.
 */
export const BODY_INDEX_BATCH = 20;
/**
 * How long one indexing transaction should take: the longest a sync batch or a search that
 * arrives meanwhile waits for it. Measured in Chromium (bench mail-window, 2 cores): a transaction
 * costs ~26 ms plus ~1.9 ms per message of 120 body words, so 20 per transaction indexed 160
 * messages/s and ~50 (this budget) ~400/s.
 */
export const BODY_INDEX_TARGET_MS = 120;
export const MIN_BODY_INDEX_BATCH = 5;
export const MAX_BODY_INDEX_BATCH = 500;

/**
 * The size of the next indexing transaction, from how long the last one took for `size` messages:
 * scaled towards BODY_INDEX_TARGET_MS, at most doubling per step (one fast transaction of cached
 * pages must not make the next one huge), within MIN/MAX_BODY_INDEX_BATCH.
 */
export const nextBatchSize = (size: number, elapsedMs: number, targetMs = BODY_INDEX_TARGET_MS): number => {
  if (!Number.isFinite(elapsedMs) || elapsedMs <= 0) return Math.min(MAX_BODY_INDEX_BATCH, Math.max(MIN_BODY_INDEX_BATCH, size * 2));
  const scaled = Math.floor((size * targetMs) / elapsedMs);
  return Math.min(MAX_BODY_INDEX_BATCH, size * 2, Math.max(MIN_BODY_INDEX_BATCH, scaled));
};
/** How long the writer must have been idle before the indexer starts a transaction. */
export const WRITER_QUIET_MS = 500;
/** After a failure that dropping the ids did not cure, wait this long before trying again. */
const RETRY_MS = 30_000;

/**
 * Indexes up to `limit` queued messages in ONE read-write transaction (durability strict, as every
 * write of the store): their search rows are rewritten with the header's terms and their body's,
 * and their ids leave the queue. A message removed meanwhile just leaves the queue (and loses a
 * search row it got while being removed: dropSearchRowsOfRemoved); one whose body
 * cannot be read is logged and leaves the queue too, so it never blocks the others.
 * Returns how many ids it took from the queue (0: the queue is empty).
 */
export const indexQueuedBodies = async (db: HomingDb, limit = BODY_INDEX_BATCH): Promise<number> => {
  // Read first, in a read-only transaction that blocks nobody (the message list reads `messages`
  // all the time); then a short write to the search rows and the queue only.
  const [taken, rows, sources] = await db.transaction('r', [db.bodyIndexQueue, db.messages, db.sources], async () => {
    const queued = await peekQueue(db, limit);
    return [queued, ...(await Promise.all([db.messages.bulkGet(queued.ids), db.sources.bulkGet(queued.ids)]))] as const;
  });
  const { ids } = taken;
  if (ids.length === 0) return 0;
  const found = await Promise.all(
    ids.map(async (id, i): Promise<SearchRow | null> => {
      const row = rows[i];
      const inline = sources[i];
      const ref = row ? segmentRefOf(row) : null;
      if (!row || (!inline && !ref)) return null; // removed meanwhile (or its source was): nothing to index
      let body = '';
      try {
        body = bodyText(ref ? await readSegmentSource(db, id, ref, MAX_SOURCE_BYTES) : inlineBytes(inline!, MAX_SOURCE_BYTES));
      } catch (error) {
        console.warn(`Homing store: could not read the source of message ${id}; it is found by its header only`, error);
      }
      try {
        const terms = termsForMessage(row, body);
        return { id, accountId: row.accountId, date: row.date, terms: terms.map((term) => [term, row.date]) };
      } catch (error) {
        console.error(`Homing store: could not index the body of message ${id}; it stays found by its header only`, error);
        return null;
      }
    }),
  );
  const searchRows = found.filter((row) => row !== null);
  const done = await db.transaction('rw', [db.bodyIndexQueue, db.searchTerms], async () => {
    if (searchRows.length > 0) await db.searchTerms.bulkPut(searchRows);
    await dropTaken(db, taken);
    return ids.length;
  });
  await dropSearchRowsOfRemoved(
    db,
    searchRows.map((r) => r.id),
  );
  return done;
};

/**
 * A message removed after its row was read above got a search row all the same (its queue entry
 * stays until the indexer reaches it; ./body-index-queue.ts). Removal deletes a message's search
 * row in its own transaction, so only one that committed before the write above can leave one
 * behind: look once more, read-only, and in the rare case drop those rows, checking again inside.
 */
const dropSearchRowsOfRemoved = async (db: HomingDb, ids: string[]): Promise<void> => {
  if (ids.length === 0) return;
  const gone = (rows: (unknown | undefined)[]) => ids.filter((_, i) => rows[i] === undefined);
  if (gone(await db.messages.bulkGet(ids)).length === 0) return;
  await db.transaction('rw', [db.messages, db.searchTerms], async () => {
    const orphans = gone(await db.messages.bulkGet(ids));
    if (orphans.length > 0) await db.searchTerms.bulkDelete(orphans);
  });
};

export interface BodyIndexerOptions {
  /** When the writer last finished a request (ms, as `now`), or null while one is in flight. */
  idleSince(): number | null;
  /** Until when (ms, as `now`) the window asked for quiet because the user is searching (./reading-activity.ts). */
  readingUntil?(): number;
  quietMs?: number;
  /** A fixed number of messages per transaction (tests); by default sized by nextBatchSize. */
  batchSize?: number;
  now?(): number;
}

export interface BodyIndexer {
  /** The writer went idle (or a batch may have queued ids): look again after the quiet time. */
  wake(): void;
  stop(): void;
}

const isClosed = (db: HomingDb, error: unknown): boolean =>
  db.hasBeenClosed() || (error instanceof Dexie.DexieError && error.name === Dexie.errnames.DatabaseClosed);

/**
 * Runs indexQueuedBodies while the writer has been idle for `quietMs`, one transaction at a time,
 * never while a request is in flight: a sync batch never waits for more than one short indexing
 * transaction. Sleeps while the queue is empty until `wake()`; stops when the database closes.
 */
export const startBodyIndexer = (db: HomingDb, options: BodyIndexerOptions): BodyIndexer => {
  const quietMs = options.quietMs ?? WRITER_QUIET_MS;
  let batchSize = options.batchSize ?? BODY_INDEX_BATCH;
  const now = options.now ?? Date.now;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let woken = false;
  let stopped = false;

  const schedule = (ms: number): void => {
    if (stopped || timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, ms);
  };

  const stop = (): void => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const run = async (): Promise<void> => {
    if (stopped || running) return;
    if (db.hasBeenClosed()) return stop();
    const since = options.idleSince();
    if (since === null) return; // the writer wakes us once it is done
    const wait = Math.max(since + quietMs, options.readingUntil?.() ?? 0) - now();
    if (wait > 0) return schedule(wait);
    running = true;
    woken = false;
    let taken = 0;
    try {
      const started = now();
      taken = await indexQueuedBodies(db, batchSize);
      // Only a full transaction says how long `batchSize` messages take.
      if (options.batchSize === undefined && taken === batchSize) batchSize = nextBatchSize(batchSize, now() - started);
    } catch (error) {
      if (isClosed(db, error)) return stop();
      console.error('Homing store: body indexing failed; dropping those messages from the queue', error);
      taken = await dropQueued(db, batchSize);
      if (taken === 0) return schedule(RETRY_MS);
    } finally {
      running = false;
    }
    // More may be queued: continue once the writer is (still) quiet.
    if (taken > 0 || woken) schedule(0);
  };

  // Messages queued before this start (the version 4 upgrade, or a previous session).
  schedule(quietMs);
  db.on('close', stop);
  return {
    wake: () => {
      if (running) woken = true;
      else schedule(quietMs);
    },
    stop,
  };
};

/** Drops the ids a failed transaction would have indexed, so they cannot block the queue forever. */
const dropQueued = async (db: HomingDb, limit: number): Promise<number> => {
  try {
    return await db.transaction('rw', [db.bodyIndexQueue], async () => {
      const ids = await db.bodyIndexQueue.orderBy(':id').limit(limit).primaryKeys();
      await db.bodyIndexQueue.bulkDelete(ids);
      return ids.length;
    });
  } catch (error) {
    console.error('Homing store: could not drop messages from the body index queue', error);
    return 0;
  }
};
