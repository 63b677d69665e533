import { describe, expect, it } from 'vitest';

import type { MessageHeader } from '../../../electron/contract/mail';
import { listFolders } from '../../../renderer/store/queries/list-folders';
import { listMessagePage } from '../../../renderer/store/queries/list-message-page';
import { searchMessages } from '../../../renderer/store/queries/search-messages';
import { storageStats } from '../../../renderer/store/queries/storage-stats';
import { unifiedInbox } from '../../../renderer/store/queries/unified-inbox';
import { createStoreWriter } from '../../../renderer/store/writer';
import { apply, folder, freshDb, message, setupOps } from './fixtures';

/**
 * Measures the store over a large mailbox in fake-indexeddb (a pure-JS IndexedDB, several times
 * slower than Chromium's). Off by default: HOMING_PERF=100000 npx vitest run --project unit store-perf
 */
const COUNT = Number(process.env.HOMING_PERF ?? 0);

// Deterministic pseudo-random mail: Zipf-like word frequencies, 400 senders.
let seed = 42;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'qu', 'der', 'bon', 'tel', 'mar'];
const word = (i: number): string => {
  let out = '';
  let n = i + 1;
  while (n > 0) {
    out += syllables[n % syllables.length];
    n = Math.floor(n / syllables.length);
  }
  return out;
};
const VOCABULARY = Array.from({ length: 20_000 }, (_, i) => word(i));
const zipfWord = (): string => VOCABULARY[Math.floor(VOCABULARY.length ** random()) - 1]!;
const senders = Array.from({ length: 400 }, (_, i) => ({ name: `${word(i * 7)} ${word(i * 13 + 5)}`, address: `${word(i)}@${word(i % 40)}.example` }));

const makeMessage = (i: number): MessageHeader =>
  message({
    folderId: i % 10 === 0 ? 'acc1/Archive' : 'acc1/INBOX',
    remoteKey: `k${i}`,
    subject: Array.from({ length: 3 + Math.floor(random() * 5) }, zipfWord).join(' '),
    from: [senders[Math.floor(random() * senders.length)]!],
    to: [{ name: 'Me Myself', address: 'me@home.example' }],
    snippet: Array.from({ length: 25 }, zipfWord).join(' '),
    date: 1_600_000_000_000 + Math.floor(random() * 1e11),
    size: 500 + Math.floor(random() * 100_000),
    seen: random() < 0.8,
    location: random() < 0.5 ? 'local' : 'server+local',
  });

const time = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  const value = await run();
  console.log(`${label}: ${(performance.now() - start).toFixed(1)} ms`);
  return value;
};

describe.skipIf(!COUNT)(`store over ${COUNT} messages (fake-indexeddb)`, () => {
  it('inserts, pages, counts and searches', { timeout: 3_600_000 }, async () => {
    const db = freshDb();
    const writer = createStoreWriter(db);
    await writer.handle(
      apply([
        ...setupOps(),
        { op: 'putFolders', folders: [folder('acc1', 'Archive', 'archive')] },
      ]),
    );

    const BATCH = 1_000;
    const insertStart = performance.now();
    for (let i = 0; i < COUNT; i += BATCH) {
      if (i > 0 && i % 20_000 === 0) console.log(`  ${i} stored after ${((performance.now() - insertStart) / 1000).toFixed(1)} s`);
      const messages = Array.from({ length: Math.min(BATCH, COUNT - i) }, (_, j) => makeMessage(i + j));
      const result = await writer.handle(apply([{ op: 'putMessages', messages, sources: [] }]));
      expect(result.ok).toBe(true);
    }
    const insertMs = performance.now() - insertStart;
    console.log(`insert ${COUNT} messages in batches of ${BATCH}: ${(insertMs / 1000).toFixed(1)} s (${((insertMs / COUNT) * 1000).toFixed(0)} µs/message)`);
    console.log(`search index entries: ${await db.searchTerms.where('terms').between([''], ['\uffff']).count()}`);

    await time('listMessagePage date, first 50', () => listMessagePage(db, 'acc1/INBOX', { limit: 50 }));
    // fake-indexeddb 6.2.8 restarts every cursor step at the start of a bounded range (its
    // makeKeyRange keeps the lower of two lower bounds), so advance(n) costs O(n²) there; Chromium
    // skips natively. Deep offsets are measured small here for that reason.
    for (const offset of [1_000, 2_000, 4_000]) {
      await time(`listMessagePage date, offset ${offset}`, () => listMessagePage(db, 'acc1/INBOX', { offset, limit: 50 }));
    }
    await time('listMessagePage subject, offset 2000', () => listMessagePage(db, 'acc1/INBOX', { sort: 'subject', offset: 2_000, limit: 50 }));
    await time('listFolders (counts)', () => listFolders(db, 'acc1'));
    await time('unifiedInbox first 50', () => unifiedInbox(db, { limit: 50 }));
    await time('storageStats', () => storageStats(db, 'acc1'));

    const rare = VOCABULARY[15_000]!;
    const mid = VOCABULARY[300]!;
    const common = VOCABULARY[2]!;
    const sender = senders[17]!.name.split(' ')[0]!;
    for (const query of [rare, mid, common, `${mid} ${common.slice(0, 3)}`, `${common} ${VOCABULARY[3]!}`, sender.slice(0, 4), 'me', 'example', 'k']) {
      const found = await time(`search "${query}"`, () => searchMessages(db, query, { limit: 50 }));
      console.log(`  → ${found.length} results`);
    }
    await db.delete();
  });
});
