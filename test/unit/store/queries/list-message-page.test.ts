import { afterEach, describe, expect, it } from 'vitest';

import type { MessageHeader } from '../../../../electron/contract/mail';
import type { HomingDb } from '../../../../renderer/store/db';
import { listMessagePage, type MessageSort } from '../../../../renderer/store/queries/list-message-page';
import { fromSortKey, subjectSortKey } from '../../../../renderer/store/rows';
import { folder, freshDb, message, type ReadRequest, seed, setupOps, watchReads } from '../fixtures';

let db: HomingDb;
afterEach(() => db.delete());

const N = 250;
const names = ['Zoe', 'adam', 'Émile', 'bob', 'Carla'];
const makeMessages = (): MessageHeader[] =>
  Array.from({ length: N }, (_, i) =>
    message({
      folderId: 'acc1/INBOX',
      remoteKey: `m${String(i).padStart(3, '0')}`,
      // Dates out of insertion order, with some ties.
      date: 1_700_000_000_000 + ((i * 7919) % N) * 60_000 + (i % 3 === 0 ? 0 : 1),
      size: 1000 + ((i * 31) % 97) * 10,
      subject: `${i % 4 === 0 ? 'Re: ' : ''}Topic ${String.fromCharCode(65 + (i % 26))}`,
      from: [{ name: names[i % names.length]!, address: `${i}@example.org` }],
    }),
  );

let reads: ReadRequest[];
const seedFolder = async (): Promise<MessageHeader[]> => {
  db = freshDb();
  reads = watchReads(db);
  const messages = makeMessages();
  await seed(db, [
    ...setupOps(),
    { op: 'putFolders', folders: [folder('acc1', 'Other')] },
    { op: 'putMessages', messages, sources: [] },
    { op: 'putMessages', messages: [message({ folderId: 'acc1/Other', date: 9_999_999_999_999 })], sources: [] },
  ]);
  reads.length = 0;
  return messages;
};

/** The order IndexedDB gives: by key, ties by primary key; reversed as a whole for desc. */
const expected = (messages: MessageHeader[], key: (m: MessageHeader) => string | number, desc: boolean): string[] => {
  const sorted = [...messages].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return (desc ? sorted.reverse() : sorted).map((m) => m.id);
};

const keys: Record<MessageSort, (m: MessageHeader) => string | number> = {
  date: (m) => m.date,
  from: (m) => fromSortKey(m.from),
  subject: (m) => subjectSortKey(m.subject),
  size: (m) => m.size,
};

describe('listMessagePage', () => {
  it('pages newest first by default through the [folderId+date] index, only this folder', async () => {
    const messages = await seedFolder();
    const all = expected(messages, keys.date, true);

    const first = await listMessagePage(db, 'acc1/INBOX', { limit: 50 });
    const deep = await listMessagePage(db, 'acc1/INBOX', { offset: 200, limit: 100 });

    expect(first.map((m) => m.id)).toEqual(all.slice(0, 50));
    expect(deep.map((m) => m.id)).toEqual(all.slice(200));
    const messageReads = reads.filter((r) => r.table === 'messages');
    expect(messageReads.length).toBeGreaterThan(0);
    expect(messageReads.every((r) => r.index === '[folderId+date]')).toBe(true);
    // The first page is one bounded read; the deep page a cursor that skips with advance().
    expect(messageReads[0]).toMatchObject({ type: 'query', limit: 50 });
    expect(messageReads[1]).toMatchObject({ type: 'openCursor' });
  });

  it.each(['date', 'from', 'subject', 'size'] as const)('sorts by %s in both directions', async (sort) => {
    const messages = await seedFolder();
    for (const desc of [false, true]) {
      const page = await listMessagePage(db, 'acc1/INBOX', { sort, desc, offset: 40, limit: 30 });
      expect(page.map((m) => m.id)).toEqual(expected(messages, keys[sort], desc).slice(40, 70));
    }
  });

  it('sorts "Re: Topic A" with "Topic A"', async () => {
    await seedFolder();
    const page = await listMessagePage(db, 'acc1/INBOX', { sort: 'subject', limit: N });
    const firstTopicB = page.findIndex((m) => subjectSortKey(m.subject) === 'topic b');
    expect(page.slice(0, firstTopicB).every((m) => m.subject.endsWith('Topic A'))).toBe(true);
    expect(page.slice(0, firstTopicB).some((m) => m.subject.startsWith('Re: '))).toBe(true);
  });

  it('returns nothing past the end or for an empty page', async () => {
    await seedFolder();
    expect(await listMessagePage(db, 'acc1/INBOX', { offset: N, limit: 10 })).toEqual([]);
    expect(await listMessagePage(db, 'acc1/INBOX', { limit: 0 })).toEqual([]);
    expect(await listMessagePage(db, 'acc1/Nope')).toEqual([]);
  });

  it('serves deep pages from the far end of the index, in the same order', { timeout: 60_000 }, async () => {
    db = freshDb();
    const big = Array.from({ length: 2_200 }, (_, i) =>
      message({ folderId: 'acc1/INBOX', remoteKey: `d${i}`, date: 1_700_000_000_000 + ((i * 7919) % 1_000), subject: '', snippet: '', from: [], to: [] }),
    );
    await seed(db, [...setupOps(), { op: 'putMessages', messages: big, sources: [] }]);
    for (const desc of [true, false]) {
      const all = expected(big, keys.date, desc);
      for (const offset of [1_999, 2_000, 2_150, 2_199, 2_200]) {
        const page = await listMessagePage(db, 'acc1/INBOX', { desc, offset, limit: 50 });
        expect(page.map((m) => m.id)).toEqual(all.slice(offset, offset + 50));
      }
    }
  });
});
