import { describe, expect, it } from 'vitest';

import type { AccountStatus } from '../../../../../../electron/contract';
import { NewMailWatcher } from '../../../../../../renderer/features/mail/notify/new-mail-watcher';
import type { Arrival } from '../../../../../../renderer/store/arrivals';

const arrival = (id: string, accountId = 'work'): Arrival => ({
  id,
  accountId,
  folderId: `${accountId}/INBOX`,
  messageId: null,
  subject: id,
  from: null,
  seen: false,
  date: 0,
});

const status = (accountId: string, state: AccountStatus['state'], lastCheckedAt: number | null = 1): AccountStatus => ({
  accountId,
  state,
  lastCheckedAt,
  nextCheckAt: null,
  error: null,
  detail: null,
});

/** A watcher on a hand-driven clock; `flushes` records what it handed on. */
const setup = () => {
  let now = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  const flushes: { accountId: string; ids: string[]; firstSync: boolean }[] = [];
  const watcher = new NewMailWatcher({
    quietMs: 100,
    setTimer: (run, ms) => {
      timers.set(next, { at: now + ms, run });
      return next++;
    },
    clearTimer: (t) => timers.delete(t as number),
    flush: (accountId, arrivals, firstSync) => flushes.push({ accountId, ids: arrivals.map((a) => a.id), firstSync }),
  });
  const advance = (ms: number) => {
    now += ms;
    for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= now && timers.has(id)) {
        timers.delete(id);
        t.run();
      }
    }
  };
  return { watcher, flushes, advance };
};

describe('NewMailWatcher', () => {
  it('hands on one check’s arrivals together, when the check ended and the arrivals went quiet', () => {
    const { watcher, flushes, advance } = setup();
    watcher.watch('work', true);
    watcher.status(status('work', 'checking'));
    watcher.arrived([arrival('a')]);
    advance(500);
    watcher.arrived([arrival('b'), arrival('c')]);
    advance(500);
    expect(flushes).toEqual([]);
    watcher.status(status('work', 'online'));
    advance(50);
    // An arrival that travelled slower than the status that ended its check still belongs to it.
    watcher.arrived([arrival('d')]);
    advance(99);
    expect(flushes).toEqual([]);
    advance(1);
    expect(flushes).toEqual([{ accountId: 'work', ids: ['a', 'b', 'c', 'd'], firstSync: false }]);
  });

  it('groups a pushed (IDLE) sync without a checking status by quiet time, per account', () => {
    const { watcher, flushes, advance } = setup();
    watcher.watch('work', true);
    watcher.watch('home', true);
    watcher.arrived([arrival('a'), arrival('h', 'home')]);
    advance(60);
    watcher.arrived([arrival('b')]);
    advance(60);
    expect(flushes).toEqual([{ accountId: 'home', ids: ['h'], firstSync: false }]);
    advance(60);
    expect(flushes[1]).toEqual({ accountId: 'work', ids: ['a', 'b'], firstSync: false });
  });

  it('keeps a first sync silent until its check ended, then treats arrivals as new mail', () => {
    const { watcher, flushes, advance } = setup();
    watcher.watch('new', false);
    watcher.status(status('new', 'checking'));
    watcher.arrived([arrival('old1', 'new')]);
    watcher.status(status('new', 'online'));
    advance(100);
    expect(flushes).toEqual([{ accountId: 'new', ids: ['old1'], firstSync: true }]);
    watcher.arrived([arrival('fresh', 'new')]);
    advance(100);
    expect(flushes[1]).toEqual({ accountId: 'new', ids: ['fresh'], firstSync: false });
  });

  it('a check that failed before finishing does not end a first sync', () => {
    const { watcher, flushes, advance } = setup();
    watcher.watch('new', false);
    watcher.status(status('new', 'checking'));
    watcher.arrived([arrival('old1', 'new')]);
    watcher.status(status('new', 'reconnecting', null));
    advance(100);
    watcher.arrived([arrival('old2', 'new')]);
    advance(100);
    expect(flushes.map((f) => f.firstSync)).toEqual([true, true]);
  });

  it('treats an account it was not told about, or told about after mail arrived, as in its first sync', () => {
    const { watcher, flushes, advance } = setup();
    watcher.arrived([arrival('x', 'stranger')]);
    advance(100);
    watcher.watch('stranger', true);
    watcher.arrived([arrival('y', 'stranger')]);
    advance(100);
    expect(flushes.map((f) => f.firstSync)).toEqual([true, true]);
    watcher.stop();
  });
});
