import { describe, expect, it } from 'vitest';

import { searchBounded } from '../../../../../renderer/store/queries/search-bounded';
import { searchMessages } from '../../../../../renderer/store/queries/search-messages';
import { freshDb, message, seed, setupOps, watchReads } from '../../../store/fixtures';

const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];

const seeded = async () => {
  const db = freshDb();
  const messages = Array.from({ length: 120 }, (_, i) =>
    message({
      folderId: i % 5 === 0 ? 'acc2/INBOX' : 'acc1/INBOX',
      id: `${i % 5 === 0 ? 'acc2' : 'acc1'}/m${i}`,
      subject: `${words[i % 8]} ${words[(i * 3) % 8]} report ${i % 7 === 0 ? 'rarely' : ''}`,
      snippet: i % 2 ? 'alphabet soup' : 'nothing here',
      date: 1_700_000_000_000 + ((i * 7919) % 120) * 1000,
    }),
  );
  await seed(db, [...setupOps('acc1'), ...setupOps('acc2'), { op: 'putMessages', messages, sources: [] }]);
  return db;
};

describe('searchBounded', () => {
  it('finds what searchMessages finds, in the same order, whether a word is rare or common (small probes force the dense path)', async () => {
    const db = await seeded();
    for (const query of [
      'rarely',
      'report',
      'alpha',
      'alph',
      'alpha re',
      'gamma beta',
      'zeta rar',
      'al',
      'nothing',
      'nope',
      'beta report rarely',
    ]) {
      for (const probe of [1, 5, 400]) {
        for (const opts of [{}, { accountId: 'acc2' }]) {
          const expected = (await searchMessages(db, query, { limit: 30, ...opts })).map((m) => m.id);
          const got = (await searchBounded(db, query, { limit: 30, probe, ...opts })).map((m) => m.id);
          expect({ query, probe, opts, got }).toEqual({ query, probe, opts, got: expected });
        }
      }
    }
  });

  it('answers a common lone word from index keys when longer words with its start are few, as the walk would', async () => {
    const db = freshDb();
    // "report" in every subject; "reporter" and "reports" in a few, one of them the newest message,
    // one with both words.
    const messages = Array.from({ length: 90 }, (_, i) =>
      message({
        folderId: i % 4 === 0 ? 'acc2/INBOX' : 'acc1/INBOX',
        id: `${i % 4 === 0 ? 'acc2' : 'acc1'}/r${i}`,
        subject: i === 89 ? 'reporter notes' : i % 20 === 3 ? 'report by the reporter' : i === 40 ? 'weekly reports' : `report ${i}`,
        date: 1_700_000_000_000 + (i % 30) * 1000, // many ties: ordered by id then
      }),
    );
    const reads = watchReads(db);
    await seed(db, [...setupOps('acc1'), ...setupOps('acc2'), { op: 'putMessages', messages, sources: [] }]);
    for (const query of ['report', 'reporte', 'reports', 'rep']) {
      for (const limit of [1, 7, 30, 200]) {
        for (const opts of [{}, { accountId: 'acc2' }]) {
          const expected = (await searchMessages(db, query, { limit, ...opts })).map((m) => m.id);
          reads.length = 0;
          const got = (await searchBounded(db, query, { limit, probe: 10, ...opts })).map((m) => m.id);
          expect({ query, limit, opts, got }).toEqual({ query, limit, opts, got: expected });
          // "report" is common, its longer words few (7 entries, read whole for a page of 7 or more): answered from
          // the terms index, no newest-first walk.
          if (query === 'report' && limit >= 7 && !('accountId' in opts)) {
            expect(reads.filter((r) => r.index === 'date')).toEqual([]);
            expect(reads.filter((r) => r.table === 'searchTerms').every((r) => r.index === 'terms')).toBe(true);
          }
        }
      }
    }
  });

  it('returns nothing for an empty query or a zero limit', async () => {
    const db = await seeded();
    expect(await searchBounded(db, '  ')).toEqual([]);
    expect(await searchBounded(db, 'alpha', { limit: 0 })).toEqual([]);
  });
});
