import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { SERVER_SEARCH_LIMIT } from '../../../electron/contract/search';
import { splitMatches } from '../../../electron/engine/imap/search';

describe('splitMatches (which server search matches to answer with)', () => {
  it('keeps the newest matches, split by whether the store holds them', () => {
    expect(splitMatches([9, 7, 5, 3], (uid) => uid === 7 || uid === 3, 3)).toEqual({ stored: [7], fetch: [9, 5], more: true });
    expect(splitMatches([], () => true)).toEqual({ stored: [], fetch: [], more: false });
  });

  it('partitions exactly the first `limit` uids, in order, and says when more matched', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 400 }),
        fc.func(fc.boolean()),
        fc.integer({ min: 0, max: 300 }),
        (raw, storedFn, limit) => {
          const uids = [...raw].sort((a, b) => b - a);
          const isStored = (uid: number) => storedFn(uid);
          const split = splitMatches(uids, isStored, limit);
          const shown = uids.slice(0, limit);
          expect([...split.stored, ...split.fetch].sort((a, b) => b - a)).toEqual(shown);
          expect(split.stored.every(isStored)).toBe(true);
          expect(split.fetch.some(isStored)).toBe(false);
          expect(split.stored).toEqual([...split.stored].sort((a, b) => b - a));
          expect(split.fetch).toEqual([...split.fetch].sort((a, b) => b - a));
          expect(split.more).toBe(uids.length > limit);
        },
      ),
    );
  });

  it('caps at SERVER_SEARCH_LIMIT by default', () => {
    const uids = Array.from({ length: SERVER_SEARCH_LIMIT + 5 }, (_, i) => SERVER_SEARCH_LIMIT + 5 - i);
    const split = splitMatches(uids, () => false);
    expect(split.fetch).toHaveLength(SERVER_SEARCH_LIMIT);
    expect(split.more).toBe(true);
  });
});
