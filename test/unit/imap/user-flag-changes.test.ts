import { describe, expect, it } from 'vitest';

import { UserFlagChanges } from '../../../electron/engine/imap/user-flag-changes';

const unread = { seen: false, flagged: false, answered: false };
const read = { seen: true, flagged: false, answered: false };

describe('UserFlagChanges', () => {
  it('keeps a change the server does not have yet on top of any fetched flags, whenever the FETCH was sent', () => {
    const changes = new UserFlagChanges();
    const before = changes.mark();
    changes.record(['a'], { seen: true });
    const after = changes.mark();
    // Opening a message: its download's FETCH can be sent after the mark but before the STORE.
    expect(changes.over('a', unread, before)).toEqual(read);
    expect(changes.over('a', unread, after)).toEqual(read);
    expect(changes.pendingFor(after)).toBe(true);
    expect(changes.over('b', unread, before)).toBe(unread);
  });

  it('once the server has it, keeps it only over FETCHes sent before that', () => {
    const changes = new UserFlagChanges();
    const early = changes.mark();
    changes.record(['a'], { seen: true });
    changes.settle(['a']);
    const late = changes.mark();
    expect(changes.over('a', unread, early)).toEqual(read);
    expect(changes.pendingFor(late)).toBe(false);
    // Another device marked it unread after our change reached the server: the server wins.
    expect(changes.over('a', unread, late)).toBe(unread);
  });

  it('merges changes while they are pending, the latest value of each flag winning', () => {
    const changes = new UserFlagChanges();
    const since = changes.mark();
    changes.record(['a', 'b'], { seen: true, flagged: true });
    changes.record(['a'], { flagged: false });
    expect(changes.over('a', unread, since)).toEqual({ seen: true, flagged: false, answered: false });
    expect(changes.over('b', unread, since)).toEqual({ seen: true, flagged: true, answered: false });
  });

  it('starts afresh after a settled change: an old settled flag does not come back', () => {
    const changes = new UserFlagChanges();
    changes.record(['a'], { seen: true });
    changes.settle(['a']);
    const since = changes.mark();
    changes.record(['a'], { flagged: true });
    // seen came from the server since; only the new change goes on top.
    expect(changes.over('a', unread, since)).toEqual({ seen: false, flagged: true, answered: false });
  });

  it('the server refusing a change: what it has (recorded and settled at once) replaces the user’s change', () => {
    const changes = new UserFlagChanges();
    const since = changes.mark();
    changes.record(['a'], { seen: true });
    changes.record(['a'], { seen: false, flagged: true });
    changes.settle(['a']);
    expect(changes.over('a', read, since)).toEqual({ seen: false, flagged: true, answered: false });
    expect(changes.pendingFor(changes.mark())).toBe(false);
  });

  it('ignores flags the change does not name', () => {
    const changes = new UserFlagChanges();
    const since = changes.mark();
    changes.record(['a'], { seen: undefined, flagged: true });
    expect(changes.over('a', { seen: true, flagged: false, answered: true }, since)).toEqual({ seen: true, flagged: true, answered: true });
  });

  it('forgets the oldest changes past 10,000 (pending ones included), and keeps the newest', () => {
    const changes = new UserFlagChanges();
    const since = changes.mark();
    changes.record(['first'], { seen: true });
    changes.record(
      Array.from({ length: 10_000 }, (_, i) => `m${i}`),
      { flagged: true },
    );
    expect(changes.over('first', unread, since)).toBe(unread);
    expect(changes.over('m9999', unread, since).flagged).toBe(true);
    changes.settle(Array.from({ length: 10_000 }, (_, i) => `m${i}`));
    expect(changes.pendingFor(changes.mark())).toBe(false);
  });
});
