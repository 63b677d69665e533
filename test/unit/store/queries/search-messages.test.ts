import { afterEach, describe, expect, it } from 'vitest';

import type { HomingDb } from '../../../../renderer/store/db';
import { searchMessages } from '../../../../renderer/store/queries/search-messages';
import { freshDb, message, type ReadRequest, seed, setupOps, watchReads } from '../fixtures';

let db: HomingDb;
let reads: ReadRequest[];
afterEach(() => db.delete());

const t0 = 1_700_000_000_000;
const corpus = () => ({
  report: message({
    folderId: 'acc1/INBOX',
    subject: 'Quarterly report',
    from: [{ name: 'Ann Lee', address: 'ann@example.org' }],
    date: t0 + 3,
  }),
  project: message({
    folderId: 'acc1/INBOX',
    subject: 'Project kickoff',
    from: [{ name: 'Ann Lee', address: 'ann@example.org' }],
    snippet: 'Agenda for the projector room',
    date: t0 + 2,
  }),
  other: message({
    folderId: 'acc2/INBOX',
    subject: 'Projected costs',
    from: [{ name: 'Bob Stone', address: 'bob@stone.example' }],
    date: t0 + 1,
  }),
  cafe: message({ folderId: 'acc2/INBOX', subject: 'Café Zürich', from: [{ name: '', address: 'zoe@cafe.example' }], date: t0 }),
});

const seedCorpus = async () => {
  db = freshDb();
  reads = watchReads(db);
  const c = corpus();
  await seed(db, [...setupOps('acc1'), ...setupOps('acc2'), { op: 'putMessages', messages: Object.values(c), sources: [] }]);
  return c;
};

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('searchMessages', () => {
  it('matches the last word as a prefix, newest first', async () => {
    const c = await seedCorpus();
    expect(ids(await searchMessages(db, 'proj'))).toEqual([c.project.id, c.other.id]);
    expect(ids(await searchMessages(db, 'projecte'))).toEqual([c.other.id]);
    expect(ids(await searchMessages(db, 'projector'))).toEqual([c.project.id]);
  });

  it('requires every word (AND), earlier words whole', async () => {
    const c = await seedCorpus();
    expect(ids(await searchMessages(db, 'ann proj'))).toEqual([c.project.id]);
    expect(ids(await searchMessages(db, 'ann'))).toEqual([c.report.id, c.project.id]);
    expect(ids(await searchMessages(db, 'an proj'))).toEqual([]);
    expect(ids(await searchMessages(db, 'bob report'))).toEqual([]);
  });

  it('finds senders by name and by address parts, ignoring case and accents', async () => {
    const c = await seedCorpus();
    expect(ids(await searchMessages(db, 'stone.exam'))).toEqual([c.other.id]);
    expect(ids(await searchMessages(db, 'bob@stone.example'))).toEqual([c.other.id]);
    expect(ids(await searchMessages(db, 'cafe zur'))).toEqual([c.cafe.id]);
    expect(ids(await searchMessages(db, 'CAFÉ'))).toEqual([c.cafe.id]);
  });

  it('filters by account and honours the limit', async () => {
    const c = await seedCorpus();
    expect(ids(await searchMessages(db, 'proj', { accountId: 'acc2' }))).toEqual([c.other.id]);
    expect(ids(await searchMessages(db, 'example', { limit: 2 }))).toEqual([c.report.id, c.project.id]);
  });

  it('returns nothing for an empty query or an unknown word', async () => {
    await seedCorpus();
    expect(await searchMessages(db, '')).toEqual([]);
    expect(await searchMessages(db, '  --  ')).toEqual([]);
    expect(await searchMessages(db, 'xylophone')).toEqual([]);
    expect(await searchMessages(db, 'ann xylophone')).toEqual([]);
  });

  it('drives by the rarest word: its ids from the index, or a newest-first walk when common', async () => {
    const c = await seedCorpus();
    // "ann" (2 messages) is rarer than "example…" (4).
    reads.length = 0;
    expect(ids(await searchMessages(db, 'ann example', { limit: 1 }))).toEqual([c.report.id]);
    expect(reads.filter((r) => r.type !== 'count')).toEqual([{ table: 'searchTerms', type: 'query', index: 'terms', limit: Infinity }]);

    reads.length = 0;
    expect(ids(await searchMessages(db, 'ann example', { limit: 1, keyBudget: 0 }))).toEqual([c.report.id]);
    expect(reads.filter((r) => r.type !== 'count')).toEqual([{ table: 'searchTerms', type: 'openCursor', index: 'terms' }]);
  });

  it('gives the same answers when every word is common: it walks newest messages', async () => {
    const c = await seedCorpus();
    reads.length = 0;
    expect(ids(await searchMessages(db, 'ex', { keyBudget: 0 }))).toEqual(ids(Object.values(c)));
    expect(reads.some((r) => r.type === 'openCursor' && r.index === 'date')).toBe(true);
    expect(ids(await searchMessages(db, 'ann pro', { keyBudget: 0 }))).toEqual([c.project.id]);
    expect(ids(await searchMessages(db, 'ann pro', { keyBudget: 100 }))).toEqual([c.project.id]);
  });

  it('orders the words of a prefix by date, not alphabetically', async () => {
    db = freshDb();
    const words = ['alpha', 'alpine', 'alps', 'also'];
    const messages = words.map((w, i) => message({ folderId: 'acc1/INBOX', subject: w, date: t0 + ((i * 3) % 4) }));
    await seed(db, [...setupOps(), { op: 'putMessages', messages, sources: [] }]);
    const expected = [...messages].sort((a, b) => b.date - a.date).map((m) => m.id);
    expect(ids(await searchMessages(db, 'al'))).toEqual(expected);
    expect(ids(await searchMessages(db, 'al', { keyBudget: 0 }))).toEqual(expected);
  });

  it('follows a changed subject', async () => {
    const c = await seedCorpus();
    await seed(db, [{ op: 'putMessages', messages: [{ ...c.report, subject: 'Yearly summary' }], sources: [] }]);
    expect(await searchMessages(db, 'quarterly')).toEqual([]);
    expect(ids(await searchMessages(db, 'yearly'))).toEqual([c.report.id]);
  });

  it('follows removals', async () => {
    const c = await seedCorpus();
    await seed(db, [{ op: 'removeMessages', ids: [c.project.id] }]);
    expect(ids(await searchMessages(db, 'proj'))).toEqual([c.other.id]);
  });
});
