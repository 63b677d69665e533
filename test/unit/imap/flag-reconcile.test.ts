import { describe, expect, it } from 'vitest';

import { matchesChange, reconcileFlags, storeLists } from '../../../electron/engine/imap/flag-reconcile';

const f = (seen: boolean, flagged: boolean, answered = false) => ({ seen, flagged, answered });

describe('reconcileFlags', () => {
  it('separates applied, conflicting (server wins) and vanished messages', () => {
    const out = reconcileFlags([1, 2, 3, 2], { seen: true }, [
      { uid: 1, flags: f(true, false) },
      { uid: 2, flags: f(false, true) },
    ]);
    expect(out).toEqual({ applied: [1], conflicts: [{ uid: 2, flags: f(false, true) }], missing: [3] });
  });

  it('checks only the flags the user changed', () => {
    expect(matchesChange(f(true, true), { flagged: true })).toBe(true);
    expect(matchesChange(f(false, true), { flagged: true, seen: true })).toBe(false);
    expect(matchesChange(f(false, false), {})).toBe(true);
    expect(reconcileFlags([5], { flagged: false }, [{ uid: 5, flags: f(true, false, true) }]).applied).toEqual([5]);
  });
});

describe('storeLists', () => {
  it('turns a change into flags to add and to remove', () => {
    expect(storeLists({ seen: true, flagged: false })).toEqual({ add: ['\\Seen'], remove: ['\\Flagged'] });
    expect(storeLists({ flagged: true })).toEqual({ add: ['\\Flagged'], remove: [] });
    expect(storeLists({})).toEqual({ add: [], remove: [] });
  });
});
