import { afterEach, describe, expect, it, vi } from 'vitest';

import type { SyncOp } from '../../../electron/contract/mail';
import { idsOfQueueRow } from '../../../renderer/store/body-index-queue';
import {
  BODY_INDEX_BATCH,
  indexQueuedBodies,
  MAX_BODY_INDEX_BATCH,
  MIN_BODY_INDEX_BATCH,
  nextBatchSize,
  startBodyIndexer,
} from '../../../renderer/store/body-indexer';
import type { HomingDb } from '../../../renderer/store/db';
import { searchBounded } from '../../../renderer/store/queries/search-bounded';
import { searchMessages } from '../../../renderer/store/queries/search-messages';
import { MAX_TERMS_PER_MESSAGE } from '../../../renderer/store/search/tokenize';
import { createStoreWriter } from '../../../renderer/store/writer';
import { apply, bytes, freshDb, message, seed, setupOps } from './fixtures';

const opened: HomingDb[] = [];
const track = (db: HomingDb): HomingDb => {
  opened.push(db);
  return db;
};
afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of opened.splice(0)) await db.delete();
});

const plain = (body: string): Uint8Array => bytes(`Subject: Hello\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`);
const ids = (rows: { id: string }[]): string[] => rows.map((r) => r.id);
/** The message ids queued, in queue order. */
const queued = async (db: HomingDb): Promise<string[]> => (await db.bodyIndexQueue.toArray()).flatMap(idsOfQueueRow);

/** A store with one account and one message stored with `source`. */
const withMessage = async (source: Uint8Array | null) => {
  const db = track(freshDb());
  const m = message({ folderId: 'acc1/INBOX' });
  await seed(db, [...setupOps(), { op: 'putMessages', messages: [m], sources: source ? [{ id: m.id, bytes: source }] : [] }]);
  return { db, m };
};

describe('queueing bodies for indexing', () => {
  it('queues a message stored with its source, in the batch’s transaction', async () => {
    const { db, m } = await withMessage(plain('A wombat in the body'));
    expect(await queued(db)).toEqual([m.id]);
    // Header and body words come in one go, from the indexer: none were written by the batch.
    expect(await db.searchTerms.get(m.id)).toBeUndefined();
    expect(await searchMessages(db, 'hello')).toEqual([]);
    await indexQueuedBodies(db);
    expect(ids(await searchMessages(db, 'hello'))).toEqual([m.id]);
    expect(ids(await searchMessages(db, 'wombat'))).toEqual([m.id]);
  });

  it('writes the header words of a message without a source at once', async () => {
    const { db, m } = await withMessage(null);
    expect(ids(await searchMessages(db, 'hello'))).toEqual([m.id]);
  });

  it('does not queue a header without a source; queues the source when it arrives later', async () => {
    const { db, m } = await withMessage(null);
    expect(await queued(db)).toEqual([]);
    await seed(db, [{ op: 'putMessages', messages: [], sources: [{ id: m.id, bytes: plain('Late numbat') }] }]);
    expect(await queued(db)).toEqual([m.id]);
  });

  it('does not requeue for flags or moves', async () => {
    const { db, m } = await withMessage(plain('A wombat'));
    await indexQueuedBodies(db);
    await seed(db, [
      {
        op: 'putFolders',
        folders: [
          {
            id: 'acc1/Archive',
            accountId: 'acc1',
            path: 'Archive',
            name: 'Archive',
            parentPath: null,
            role: 'archive',
            local: true,
            subscribed: true,
          },
        ],
      },
      { op: 'patchMessages', patches: [{ id: m.id, seen: true, flagged: true, folderId: 'acc1/Archive' }] },
      // The same header again (a resync) changes no words.
      { op: 'putMessages', messages: [{ ...m, folderId: 'acc1/Archive', seen: true }], sources: [] },
    ]);
    expect(await queued(db)).toEqual([]);
    expect(ids(await searchMessages(db, 'wombat'))).toEqual([m.id]);
  });

  it('requeues a message whose header words changed while its source is stored (the header rewrite drops body words)', async () => {
    const { db, m } = await withMessage(plain('A wombat'));
    await indexQueuedBodies(db);
    await seed(db, [{ op: 'putMessages', messages: [{ ...m, subject: 'Renamed' }], sources: [] }]);
    expect(await queued(db)).toEqual([m.id]);
    await indexQueuedBodies(db);
    expect(ids(await searchMessages(db, 'renamed wombat'))).toEqual([m.id]);
  });

  it('writes no search row for a message removed while queued, whether with its folder or its account', async () => {
    for (const remove of ['message', 'folder', 'account'] as const) {
      const db = track(freshDb());
      const m = message({ folderId: 'acc1/Old', location: 'server+local' });
      await seed(db, [
        ...setupOps(),
        {
          op: 'putFolders',
          folders: [
            {
              id: 'acc1/Old',
              accountId: 'acc1',
              path: 'Old',
              name: 'Old',
              parentPath: null,
              role: 'custom',
              local: true,
              subscribed: true,
            },
          ],
        },
        { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: plain('gone') }] },
      ]);
      expect(await queued(db)).toEqual([m.id]);
      const op: SyncOp =
        remove === 'message'
          ? { op: 'removeMessages', ids: [m.id] }
          : remove === 'folder'
            ? { op: 'removeFolders', folderIds: ['acc1/Old'] }
            : { op: 'removeAccount', accountId: 'acc1' };
      await seed(db, [op]);
      // Still listed (one queue row per batch is not rewritten by a removal) until the indexer
      // reaches it and finds no message.
      expect(await indexQueuedBodies(db)).toBe(1);
      expect(await queued(db)).toEqual([]);
      expect(await db.searchTerms.get(m.id)).toBeUndefined();
    }
  });
});

describe('indexQueuedBodies', () => {
  it('queues a stored batch as one row, takes it in parts in order, and still reads rows queued one per message', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const batch = Array.from({ length: 5 }, (_, i) => message({ id: `acc1/p${i}`, folderId: 'acc1/INBOX', remoteKey: `p${i}` }));
    await writer.handle(
      apply([
        ...setupOps(),
        { op: 'putMessages', messages: batch, sources: batch.map((m) => ({ id: m.id, bytes: plain(`part${m.id.slice(6)} wombat`) })) },
      ]),
    );
    expect(await db.bodyIndexQueue.count()).toBe(1);
    // A row as version 5 wrote them, one per message, for a message stored earlier.
    const old = message({ id: 'acc1/old', folderId: 'acc1/INBOX', remoteKey: 'old' });
    await writer.handle(apply([{ op: 'putMessages', messages: [old], sources: [{ id: old.id, bytes: plain('wombat from before') }] }]));
    await db.bodyIndexQueue.clear();
    await db.bodyIndexQueue.bulkPut([{ id: old.id }, { id: 'q:0:0', ids: batch.map((m) => m.id) }]);

    expect(await indexQueuedBodies(db, 2)).toBe(2);
    expect(await queued(db)).toEqual(['acc1/p0', 'acc1/p1', 'acc1/p2', 'acc1/p3', 'acc1/p4'].slice(1));
    expect(await indexQueuedBodies(db, 10)).toBe(4);
    expect(await queued(db)).toEqual([]);
    expect(ids(await searchMessages(db, 'wombat')).sort()).toEqual([...batch.map((m) => m.id), old.id].sort());
  });

  it('leaves no search row for a message removed between reading it and writing its words', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const [kept, gone] = [message({ folderId: 'acc1/INBOX' }), message({ folderId: 'acc1/INBOX' })];
    await writer.handle(
      apply([
        ...setupOps(),
        { op: 'putMessages', messages: [kept, gone], sources: [kept, gone].map((m) => ({ id: m.id, bytes: plain('platypus') })) },
      ]),
    );
    const transaction = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
    let removed = false;
    vi.spyOn(db, 'transaction').mockImplementation((async (...args: unknown[]) => {
      // The indexer's write: the message goes first, as a removal arriving meanwhile would.
      if (args[0] === 'rw' && !removed) {
        removed = true;
        expect((await writer.handle(apply([{ op: 'removeMessages', ids: [gone.id] }]))).ok).toBe(true);
      }
      return transaction(...args);
    }) as never);

    expect(await indexQueuedBodies(db)).toBe(2);
    expect(removed).toBe(true);
    expect(await db.searchTerms.get(gone.id)).toBeUndefined();
    expect(ids(await searchMessages(db, 'platypus'))).toEqual([kept.id]);
  });

  it('adds the body’s words to the search row and empties the queue; both searches find it', async () => {
    const { db, m } = await withMessage(plain('The quokkafern grows here'));
    expect(await indexQueuedBodies(db, 50)).toBe(1);
    expect(await queued(db)).toEqual([]);
    expect(ids(await searchMessages(db, 'quokkafern'))).toEqual([m.id]);
    expect(ids(await searchBounded(db, 'quokkaf'))).toEqual([m.id]);
    // Header words stay, and the date rides along on every entry.
    const row = (await db.searchTerms.get(m.id))!;
    expect(row.terms.slice(0, 2)).toEqual([
      ['hello', m.date],
      ['just', m.date],
    ]);
    expect(row.terms.every(([, date]) => date === m.date)).toBe(true);
    expect(await indexQueuedBodies(db, 50)).toBe(0);
  });

  it('finds an HTML-only message by a body word, but not by words of its markup or scripts', async () => {
    const html = bytes('Content-Type: text/html\r\n\r\n<p style="color:red">Meet the <b>bilbyrose</b></p><script>var tracker</script>\r\n');
    const { db, m } = await withMessage(html);
    await indexQueuedBodies(db);
    expect(ids(await searchMessages(db, 'bilbyrose'))).toEqual([m.id]);
    expect(await searchMessages(db, 'tracker')).toEqual([]);
    expect(await searchMessages(db, 'style')).toEqual([]);
  });

  it('does not index the words of an attachment', async () => {
    const source = bytes(
      [
        'Content-Type: multipart/mixed; boundary=b',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'See the attached numbatleaf.',
        '--b',
        'Content-Type: text/plain; name=secret.txt',
        'Content-Disposition: attachment; filename=secret.txt',
        '',
        'Attached echidnastone words',
        '--b--',
      ].join('\r\n'),
    );
    const { db, m } = await withMessage(source);
    await indexQueuedBodies(db);
    expect(ids(await searchMessages(db, 'numbatleaf'))).toEqual([m.id]);
    expect(await searchMessages(db, 'echidnastone')).toEqual([]);
  });

  it('keeps header terms first and at most MAX_TERMS_PER_MESSAGE terms', async () => {
    const words = Array.from({ length: 600 }, (_, i) => `word${i}x`).join(' ');
    const { db, m } = await withMessage(plain(words));
    await indexQueuedBodies(db);
    const terms = (await db.searchTerms.get(m.id))!.terms.map(([t]) => t);
    expect(terms).toHaveLength(MAX_TERMS_PER_MESSAGE);
    expect(new Set(terms).size).toBe(terms.length);
    expect(terms.slice(0, 3)).toEqual(['hello', 'just', 'saying']);
    expect(ids(await searchMessages(db, 'ann'))).toEqual([m.id]);
  });

  it('takes at most `limit` ids per call', async () => {
    const db = track(freshDb());
    const ms = Array.from({ length: 5 }, () => message({ folderId: 'acc1/INBOX' }));
    await seed(db, [...setupOps(), { op: 'putMessages', messages: ms, sources: ms.map((m) => ({ id: m.id, bytes: plain('bandicoot') })) }]);
    expect(await indexQueuedBodies(db, 2)).toBe(2);
    expect(await queued(db)).toHaveLength(3);
    expect(await indexQueuedBodies(db, 50)).toBe(3);
    expect(ids(await searchMessages(db, 'bandicoot'))).toHaveLength(5);
  });

  it('drops the id of a message removed meanwhile, of one whose source is unreadable, and of one that fails (logged)', async () => {
    const { db, m } = await withMessage(plain('fine'));
    await db.bodyIndexQueue.bulkPut([{ id: 'acc1/ghost' }]);
    // A stored source that is not bytes at all (corrupted data): found by its header only.
    const unreadable = message({ folderId: 'acc1/INBOX', subject: 'Unreadable' });
    // A row that makes the tokenizer throw (corrupted data): logged, dropped, the rest goes on.
    const failing = message({ folderId: 'acc1/INBOX' });
    await seed(db, [
      {
        op: 'putMessages',
        messages: [unreadable, failing],
        sources: [unreadable, failing].map((x) => ({ id: x.id, bytes: plain('x') })),
      },
    ]);
    await db.sources.put({ id: unreadable.id, bytes: null as unknown as Uint8Array });
    await db.messages.update(failing.id, { from: null as never });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await indexQueuedBodies(db)).toBe(4);
    expect(await queued(db)).toEqual([]);
    expect(await db.searchTerms.get('acc1/ghost')).toBeUndefined();
    expect(ids(await searchMessages(db, 'fine'))).toEqual([m.id]);
    expect(ids(await searchMessages(db, 'unreadable'))).toEqual([unreadable.id]);
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0]![0])).toContain(failing.id);
  });
});

describe('nextBatchSize', () => {
  it.each([
    // size, elapsed ms, target ms → next
    [20, 120, 120, 20], // on target: unchanged
    [20, 240, 120, 10], // twice too slow: halved
    [20, 1_000, 120, MIN_BODY_INDEX_BATCH], // very slow: never below the minimum
    [20, 60, 120, 40], // twice too fast: doubled
    [20, 1, 120, 40], // far too fast: at most doubled per step
    [400, 1, 120, MAX_BODY_INDEX_BATCH], // never above the maximum
    [20, 0, 120, 40], // a clock that did not move counts as fast
    [20, Number.NaN, 120, 40],
    [50, 130, 120, 46],
  ])('%i messages in %f ms (target %i) → %i', (size, elapsed, target, next) => {
    expect(nextBatchSize(size, elapsed, target)).toBe(next);
  });
});

describe('startBodyIndexer', () => {
  it('sizes its transactions by how long they take: fast ones grow the next', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const messages = Array.from({ length: 150 }, (_, i) => message({ id: `acc1/m${i}`, folderId: 'acc1/INBOX', remoteKey: `m${i}` }));
    await writer.handle(
      apply([
        ...setupOps(),
        { op: 'putMessages', messages, sources: messages.map((m) => ({ id: m.id, bytes: plain(`Word${m.id.slice(6)} numbat`) })) },
      ]),
    );
    const writes: number[] = [];
    const transaction = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
    vi.spyOn(db, 'transaction').mockImplementation((async (...args: unknown[]) => {
      const result = await transaction(...args);
      if (args[0] === 'rw' && typeof result === 'number') writes.push(result);
      return result;
    }) as never);
    // A clock that advances 1 ms per reading: every transaction looks far faster than the target.
    let clock = 0;
    const indexer = startBodyIndexer(db, { idleSince: () => 0, quietMs: 0, now: () => (clock += 1) });
    await vi.waitFor(async () => expect(await queued(db)).toEqual([]), { timeout: 5_000 });
    indexer.stop();
    expect(writes).toEqual([BODY_INDEX_BATCH, BODY_INDEX_BATCH * 2, BODY_INDEX_BATCH * 4, 150 - BODY_INDEX_BATCH * 7]);
    expect(await db.searchTerms.where('terms').between(['numbat', -Infinity], ['numbat', Infinity]).count()).toBe(150);
  });

  it('holds off while the window says the user is searching, then catches up', async () => {
    const db = track(freshDb());
    let readingUntil = Date.now() + 300;
    const writer = createStoreWriter(db);
    const m = message({ folderId: 'acc1/INBOX' });
    await writer.handle(
      apply([...setupOps(), { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: plain('Quiet echidna') }] }]),
    );
    const indexer = startBodyIndexer(db, { idleSince: () => 0, readingUntil: () => readingUntil, quietMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await queued(db)).toEqual([m.id]);
    readingUntil = 0;
    await vi.waitFor(async () => expect(await queued(db)).toEqual([]), { timeout: 2_000 });
    expect(ids(await searchMessages(db, 'echidna'))).toEqual([m.id]);
    indexer.stop();
  });

  it('writes no search row for a message removed while its body was being read', async () => {
    const { db, m } = await withMessage(plain('Vanishing quoll'));
    const writer = createStoreWriter(db);
    // Removal between the read and the write: the queue entry goes with the message.
    const transaction = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
    let first = true;
    vi.spyOn(db, 'transaction').mockImplementation((async (...args: unknown[]) => {
      const result = await transaction(...args);
      if (first) {
        first = false;
        await writer.handle(apply([{ op: 'removeMessages', ids: [m.id] }]));
      }
      return result;
    }) as never);
    await indexQueuedBodies(db);
    expect(first).toBe(false);
    expect(await db.searchTerms.get(m.id)).toBeUndefined();
    expect(await queued(db)).toEqual([]);
  });

  it('indexes only once the writer has been idle, and stops when the database closes', async () => {
    const db = track(freshDb());
    let idle: number | null = null;
    const writer = createStoreWriter(db, { onIdle: () => indexer.wake() });
    const indexer = startBodyIndexer(db, { idleSince: () => idle, quietMs: 20 });
    const m = message({ folderId: 'acc1/INBOX' });
    await writer.handle(
      apply([...setupOps(), { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: plain('Background platypus') }] }]),
    );
    // The writer is "busy": nothing happens, however long we wait.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await queued(db)).toEqual([m.id]);
    idle = Date.now();
    indexer.wake();
    await vi.waitFor(async () => expect(await queued(db)).toEqual([]), { timeout: 2_000 });
    expect(ids(await searchMessages(db, 'platypus'))).toEqual([m.id]);
    db.close();
    indexer.wake();
    await new Promise((resolve) => setTimeout(resolve, 60));
    indexer.stop();
  });

  it('tells when the writer is idle', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    expect(writer.idleSince()).not.toBeNull();
    const pending = writer.handle(apply(setupOps()));
    expect(writer.idleSince()).toBeNull();
    expect((await pending).ok).toBe(true);
    expect(writer.idleSince()).toBeLessThanOrEqual(Date.now());
  });
});
