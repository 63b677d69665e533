import { describe, expect, it } from 'vitest';

import { diffFolder, missingBelow, rangeSize, toSequenceSet } from '../../../electron/engine/imap/diff-folder';
import { packFlags, unpackFlags } from '../../../electron/engine/imap/message-mapper';

/** Applies a diff the way the sync does: remove, patch, add (with the server's flags). */
const applyDiff = (local: Map<number, number>, server: Map<number, number>): Map<number, number> => {
  const d = diffFolder(local, server);
  const out = new Map(local);
  for (const uid of d.removed) out.delete(uid);
  for (const c of d.changed) out.set(c.uid, packFlags(c.flags));
  for (const uid of d.added) out.set(uid, server.get(uid) as number);
  return out;
};

const sameMap = (a: Map<number, number>, b: Map<number, number>): boolean => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

describe('diffFolder', () => {
  it('reports nothing for identical folders, including empty ones', () => {
    expect(diffFolder(new Map(), new Map())).toEqual({ added: [], removed: [], changed: [] });
    const m = new Map([
      [1, 0],
      [5, 3],
    ]);
    expect(diffFolder(m, new Map(m))).toEqual({ added: [], removed: [], changed: [] });
  });

  it('orders added newest first, removed and changed ascending', () => {
    const local = new Map([
      [9, 0],
      [2, 0],
      [4, 1],
      [7, 1],
    ]);
    const server = new Map([
      [4, 0],
      [7, 1],
      [12, 0],
      [30, 1],
      [11, 0],
    ]);
    expect(diffFolder(local, server)).toEqual({
      added: [30, 12, 11],
      removed: [2, 9],
      changed: [{ uid: 4, flags: { seen: false, flagged: false, answered: false } }],
    });
  });

  it('converges for every combination of two UIDs in every flag state (exhaustive)', () => {
    // Each UID is absent (-1) or present with one of the 8 flag combinations, on each side.
    const states = [-1, 0, 1, 2, 3, 4, 5, 6, 7];
    let cases = 0;
    for (const l1 of states)
      for (const s1 of states)
        for (const l2 of states)
          for (const s2 of states) {
            const local = new Map<number, number>();
            const server = new Map<number, number>();
            if (l1 >= 0) local.set(1, l1);
            if (s1 >= 0) server.set(1, s1);
            if (l2 >= 0) local.set(2, l2);
            if (s2 >= 0) server.set(2, s2);
            const d = diffFolder(local, server);
            expect(sameMap(applyDiff(local, server), server)).toBe(true);
            // Minimal: nothing reported that did not change.
            for (const c of d.changed) expect(local.get(c.uid)).not.toBe(server.get(c.uid));
            for (const uid of d.added) expect(local.has(uid)).toBe(false);
            for (const uid of d.removed) expect(server.has(uid)).toBe(false);
            const expectedWork = [1, 2].filter((u) => local.get(u) !== server.get(u)).length;
            expect(d.added.length + d.removed.length + d.changed.length).toBe(expectedWork);
            cases++;
          }
    expect(cases).toBe(6561);
  });

  it('converges on large random folders', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 20; round++) {
      const local = new Map<number, number>();
      const server = new Map<number, number>();
      for (let uid = 1; uid < 3000; uid++) {
        if (rand() < 0.7) local.set(uid, Math.floor(rand() * 8));
        if (rand() < 0.7) server.set(uid, rand() < 0.8 && local.has(uid) ? (local.get(uid) as number) : Math.floor(rand() * 8));
      }
      expect(sameMap(applyDiff(local, server), server)).toBe(true);
    }
  });

  it('unpacks flags of changed messages faithfully', () => {
    for (let bits = 0; bits < 8; bits++) expect(packFlags(unpackFlags(bits))).toBe(bits);
    const d = diffFolder(new Map([[1, 0]]), new Map([[1, 7]]));
    expect(d.changed).toEqual([{ uid: 1, flags: { seen: true, flagged: true, answered: true } }]);
  });
});

describe('missingBelow', () => {
  it('lists the gaps below UIDNEXT as inclusive ranges', () => {
    expect(missingBelow([2, 3, 7], 10)).toEqual([
      [1, 1],
      [4, 6],
      [8, 9],
    ]);
    expect(missingBelow([1, 2, 3], 4)).toEqual([]);
    expect(missingBelow([], 5)).toEqual([[1, 4]]);
    expect(missingBelow([], 1)).toEqual([]);
  });

  it('ignores UIDs at or above UIDNEXT, duplicates and order', () => {
    expect(missingBelow([9, 3, 3, 50, 1], 6)).toEqual([
      [2, 2],
      [4, 5],
    ]);
  });

  it('covers exactly the complement, checked against a brute force', () => {
    for (let n = 1; n < 40; n++) {
      const present = Array.from({ length: n }, (_, i) => i + 1).filter((u) => (u * 7) % 3 !== 0);
      const ranges = missingBelow(present, n + 1);
      const missing = new Set<number>();
      for (const [a, b] of ranges) for (let u = a; u <= b; u++) missing.add(u);
      for (let u = 1; u <= n; u++) expect(missing.has(u)).toBe(!present.includes(u));
      expect(rangeSize(ranges)).toBe(n - present.length);
    }
  });
});

describe('toSequenceSet', () => {
  it('compresses runs and sorts', () => {
    expect(toSequenceSet([5, 1, 2, 3, 9, 10, 7])).toBe('1:3,5,7,9:10');
    expect(toSequenceSet([4])).toBe('4');
    expect(toSequenceSet([2, 2, 1])).toBe('1:2');
    expect(toSequenceSet([])).toBe('');
  });
});
