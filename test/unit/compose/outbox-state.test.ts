import { describe, expect, it } from 'vitest';

import { HomingError } from '../../../electron/contract';
import type { OutboxState } from '../../../electron/contract/compose';
import {
  canCancel,
  decideAfterAttempt,
  isDue,
  isFinished,
  nextWake,
  type OutboxPolicy,
  type OutboxRecord,
  pendingAfterSent,
  recoverAfterRestart,
  retryDelayMs,
  startAttempt,
  userMarkSent,
  userRetry,
} from '../../../electron/engine/outbox/outbox-state';
import type { SendOutcome } from '../../../electron/engine/smtp/smtp-errors';

const policy: OutboxPolicy = { baseDelayMs: 1_000, maxDelayMs: 8_000, maxTemporaryRefusals: 4, maxAgeMs: 100_000 };
const NOW = 1_000_000;

const record = (over: Partial<OutboxRecord> = {}): OutboxRecord => ({
  id: 'o1aaaaaaaa',
  accountId: 'a',
  draftId: 'd1aaaaaaaa',
  messageId: '<m@x>',
  subject: 's',
  to: ['b@x'],
  envelope: { from: 'a@x', to: ['b@x'] },
  size: 10,
  state: 'sending',
  transmitting: false,
  attempts: 0,
  createdAt: NOW - 10,
  nextAttemptAt: null,
  sentAt: null,
  lastError: null,
  sentCopy: 'pending',
  origin: null,
  originFlagged: false,
  draftRemoved: false,
  ...over,
});

const err = (code: 'connection_lost' | 'server_refused' | 'server_temporary' | 'auth_failed' = 'connection_lost') =>
  new HomingError(code, `${code} words`);

const outcomes: Record<string, SendOutcome> = {
  accepted: { kind: 'accepted', response: '250 ok' },
  refusedPermanent: { kind: 'refused', permanent: true, error: err('server_refused') },
  refusedTemporary: { kind: 'refused', permanent: false, error: err('server_temporary') },
  notSent: { kind: 'not-sent', error: err() },
  needsUser: { kind: 'needs-user', error: err('auth_failed') },
  unknown: { kind: 'unknown', error: err() },
};

const expected: Record<string, OutboxState> = {
  accepted: 'sent',
  refusedPermanent: 'failed',
  refusedTemporary: 'queued',
  notSent: 'queued',
  needsUser: 'failed',
  unknown: 'uncertain',
};

describe('decideAfterAttempt: every outcome from every in-flight record', () => {
  for (const [name, outcome] of Object.entries(outcomes)) {
    for (const transmitting of [false, true]) {
      it(`${name} (transmitting=${transmitting}) → ${expected[name]}`, () => {
        const after = decideAfterAttempt(record({ transmitting, attempts: 1 }), outcome, NOW, policy);
        expect(after.state).toBe(expected[name]);
        expect(after.attempts).toBe(2);
        expect(after.transmitting).toBe(false);
        if (after.state === 'queued') expect(after.nextAttemptAt).toBe(NOW + retryDelayMs(2, policy));
        else expect(after.nextAttemptAt).toBeNull();
        if (after.state === 'sent') {
          expect(after.sentAt).toBe(NOW);
          expect(after.lastError).toBeNull();
        } else {
          expect(after.lastError?.message).toBe(outcome.kind === 'accepted' ? undefined : outcome.error.message);
        }
      });
    }
  }

  it('never turns an unknown outcome into a retry, however early or often', () => {
    for (let attempts = 0; attempts < 10; attempts++) {
      expect(decideAfterAttempt(record({ attempts }), outcomes.unknown!, NOW, policy).state).toBe('uncertain');
    }
  });

  it('gives up on a server that keeps deferring, after maxTemporaryRefusals attempts', () => {
    let r = record();
    const states: string[] = [];
    for (let i = 0; i < policy.maxTemporaryRefusals; i++) {
      r = decideAfterAttempt({ ...r, state: 'sending' }, outcomes.refusedTemporary!, NOW, policy);
      states.push(r.state);
    }
    expect(states).toEqual(['queued', 'queued', 'queued', 'failed']);
    expect(r.lastError?.message).toMatch(/tried 4 times/);
  });

  it('keeps retrying a network failure until the message is older than maxAgeMs', () => {
    expect(decideAfterAttempt(record({ attempts: 50 }), outcomes.notSent!, NOW, policy).state).toBe('queued');
    const old = decideAfterAttempt(record({ createdAt: NOW - policy.maxAgeMs }), outcomes.notSent!, NOW, policy);
    expect(old.state).toBe('failed');
    expect(old.lastError?.message).toMatch(/could not be sent for/);
  });
});

describe('retry delays', () => {
  it('double from the base and stop at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 100, 1e9].map((a) => retryDelayMs(a, policy))).toEqual([1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000]);
    expect(retryDelayMs(0, policy)).toBe(1000);
  });
});

describe('recoverAfterRestart', () => {
  const states: OutboxState[] = ['queued', 'sending', 'sent', 'failed', 'uncertain'];
  for (const state of states) {
    for (const transmitting of [false, true]) {
      it(`${state} (transmitting=${transmitting})`, () => {
        const before = record({ state, transmitting });
        const after = recoverAfterRestart(before, NOW);
        if (state !== 'sending') {
          expect(after).toBe(before);
        } else if (transmitting) {
          // Bytes may have left: the user decides, nothing is resent.
          expect(after.state).toBe('uncertain');
          expect(after.lastError?.detail?.reason).toBe('outcome_unknown');
        } else {
          // Not one message byte left the machine: simply try again.
          expect(after).toMatchObject({ state: 'queued', nextAttemptAt: NOW, transmitting: false });
        }
      });
    }
  }
});

describe('user actions', () => {
  const states: OutboxState[] = ['queued', 'sending', 'sent', 'failed', 'uncertain'];
  for (const state of states) {
    it(`from ${state}`, () => {
      const r = record({ state });
      // retry
      if (state === 'queued' || state === 'failed') expect(userRetry(r, NOW, false)).toMatchObject({ state: 'queued', nextAttemptAt: NOW });
      else expect(() => userRetry(r, NOW, false)).toThrow(HomingError);
      if (state === 'uncertain') expect(userRetry(r, NOW, true).state).toBe('queued');
      // cancel
      expect(canCancel(r)).toBe(state !== 'sending' && state !== 'sent');
      // mark sent
      if (state === 'uncertain') expect(userMarkSent(r, NOW)).toMatchObject({ state: 'sent', sentAt: NOW });
      else expect(() => userMarkSent(r, NOW)).toThrow(HomingError);
      // start an attempt
      if (state === 'queued' || state === 'failed') expect(startAttempt(r)).toMatchObject({ state: 'sending', transmitting: false });
      else expect(() => startAttempt(r)).toThrow(HomingError);
    });
  }
});

describe('scheduling', () => {
  it('is due only when queued and its time has come', () => {
    expect(isDue(record({ state: 'queued', nextAttemptAt: NOW }), NOW)).toBe(true);
    expect(isDue(record({ state: 'queued', nextAttemptAt: null }), NOW)).toBe(true);
    expect(isDue(record({ state: 'queued', nextAttemptAt: NOW + 1 }), NOW)).toBe(false);
    for (const state of ['sending', 'sent', 'failed', 'uncertain'] as const)
      expect(isDue(record({ state, nextAttemptAt: 0 }), NOW)).toBe(false);
  });
  it('wakes at the earliest queued attempt', () => {
    expect(
      nextWake([
        record({ state: 'queued', nextAttemptAt: 50 }),
        record({ state: 'queued', nextAttemptAt: 20 }),
        record({ state: 'uncertain', nextAttemptAt: 1 }),
      ]),
    ).toBe(20);
    expect(nextWake([record({ state: 'failed' })])).toBeNull();
  });
});

describe('after sending', () => {
  it('lists the steps still to do and leaves the Outbox once all are done', () => {
    const sent = record({ state: 'sent', origin: { kind: 'reply', messageId: 'a/INBOX/1/2' } });
    expect(pendingAfterSent(sent)).toEqual({ sentCopy: true, flagOrigin: true, removeDraft: true });
    expect(isFinished(sent)).toBe(false);
    expect(isFinished({ ...sent, sentCopy: 'skipped', originFlagged: true, draftRemoved: true })).toBe(true);
    expect(isFinished({ ...sent, sentCopy: 'done', origin: null, draftRemoved: true })).toBe(true);
    expect(pendingAfterSent(record({ state: 'failed' }))).toEqual({ sentCopy: false, flagOrigin: false, removeDraft: false });
  });
});
