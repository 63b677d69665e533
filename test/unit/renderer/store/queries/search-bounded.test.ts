import { describe, expect, it } from 'vitest';

import { searchBounded } from '../../../../../renderer/store/queries/search-bounded';
import { searchMessages } from '../../../../../renderer/store/queries/search-messages';
import { freshDb, message, seed, setupOps } from '../../../store/fixtures';

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

  it('returns nothing for an empty query or a zero limit', async () => {
    const db = await seeded();
    expect(await searchBounded(db, '  ')).toEqual([]);
    expect(await searchBounded(db, 'alpha', { limit: 0 })).toEqual([]);
  });
});
