import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { AccountStatus, SyncProgress } from '../../../../../electron/contract';
import { LONG_SYNC, progressOf, statusLine } from '../../../../../renderer/features/status/status-words';

const at = (ms: number) => `T${ms}`;
const status = (over: Partial<AccountStatus>): AccountStatus => ({
  accountId: 'a',
  state: 'online',
  lastCheckedAt: null,
  nextCheckAt: null,
  error: null,
  detail: null,
  ...over,
});
const progress = (over: Partial<SyncProgress>): SyncProgress => ({
  accountId: 'a',
  phase: 'downloading',
  done: 0,
  total: 0,
  bytes: 0,
  ...over,
});

describe('statusLine', () => {
  it('says what each state means', () => {
    expect(statusLine(undefined, at)).toBe('Not checked yet');
    expect(statusLine(status({ state: 'checking', detail: 'Downloading 3 of 900', lastCheckedAt: 5 }), at)).toBe('Checking mail…');
    expect(statusLine(status({ state: 'online', lastCheckedAt: 1200 }), at)).toBe('Last checked T1200');
    expect(statusLine(status({ state: 'idle', lastCheckedAt: 7, detail: '3 new messages' }), at)).toBe('3 new messages · Last checked T7');
    expect(statusLine(status({ state: 'online' }), at)).toBe('Not checked yet');
    expect(statusLine(status({ state: 'offline', lastCheckedAt: 7 }), at)).toBe('Offline');
    expect(statusLine(status({ state: 'reconnecting', nextCheckAt: 99 }), at)).toBe('Reconnecting at T99');
    expect(statusLine(status({ state: 'reconnecting' }), at)).toBe('Reconnecting…');
    expect(statusLine(status({ state: 'error', error: { code: 'auth_failed', message: 'Check it.' } }), at)).toBe(
      'The user name or password was not accepted. Check it.',
    );
    expect(statusLine(status({ state: 'error' }), at)).toBe('The last check failed');
  });
});

describe('progressOf', () => {
  it('shows n of m while checking a long download or deletion, and nothing otherwise', () => {
    const checking = status({ state: 'checking' });
    expect(progressOf(checking, progress({ done: 120, total: 3400 }))).toEqual({
      done: 120,
      total: 3400,
      label: 'Downloading: 120 of 3,400',
    });
    expect(progressOf(checking, progress({ phase: 'deleting', done: 2, total: 80 }))?.label).toBe('Removing server copies: 2 of 80');
    expect(progressOf(checking, progress({ done: 1, total: LONG_SYNC }))).toBeNull();
    expect(progressOf(checking, progress({ phase: 'done', done: 900, total: 900 }))).toBeNull();
    expect(progressOf(checking, undefined)).toBeNull();
    // A sync that failed or finished leaves its last progress behind; the bar must not stay.
    expect(progressOf(status({ state: 'error' }), progress({ done: 5, total: 900 }))).toBeNull();
    expect(progressOf(status({ state: 'online' }), progress({ done: 5, total: 900 }))).toBeNull();
  });

  it('is shown exactly when checking a counted phase past the threshold, with done clamped into 0…total', () => {
    const states = ['idle', 'checking', 'online', 'reconnecting', 'offline', 'error'] as const;
    const phases = ['connecting', 'listing', 'downloading', 'deleting', 'done'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...states),
        fc.constantFrom(...phases),
        fc.integer({ min: -10, max: 5_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 200 }),
        (state, phase, done, total, threshold) => {
          const shown = progressOf(status({ state }), progress({ phase, done, total }), threshold);
          const expected = state === 'checking' && (phase === 'downloading' || phase === 'deleting') && total > threshold;
          expect(shown !== null).toBe(expected);
          if (shown) {
            expect(shown.total).toBe(total);
            expect(shown.done).toBeGreaterThanOrEqual(0);
            expect(shown.done).toBeLessThanOrEqual(total);
          }
        },
      ),
    );
  });
});
