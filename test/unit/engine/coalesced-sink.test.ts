import { afterEach, describe, expect, it } from 'vitest';

import type { EventName } from '../../../electron/contract';
import { coalescedSink, PROGRESS_INTERVAL_MS } from '../../../electron/engine/coalesced-sink';
import type { EventSink } from '../../../electron/engine/events';

interface Sent {
  to: string | null;
  name: EventName;
  payload: Record<string, unknown>;
}

/** A transport that records what reaches the windows. */
const recording = () => {
  const sent: Sent[] = [];
  const sink: EventSink = {
    broadcast: (name, payload) => void sent.push({ to: null, name, payload: payload as Record<string, unknown> }),
    sendTo: (clientId, name, payload) => {
      sent.push({ to: clientId, name, payload: payload as Record<string, unknown> });
      return true;
    },
  };
  return { sent, sink };
};

const progress = (done: number, phase = 'downloading') => ({ accountId: 'acc1', phase, done, total: 500, bytes: done * 10 });
const checking = (done: number) => ({
  accountId: 'acc1',
  state: 'checking',
  detail: `Downloading ${done} of 500`,
  lastCheckedAt: null,
  error: null,
});
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

describe('coalescedSink (progress and "checking" status, for every transport)', () => {
  it('sends a handful of 1,002 events, in order, always with the last numbers', async () => {
    const { sent, sink } = recording();
    const coalesced = coalescedSink(sink);
    stops.push(() => coalesced.stop());
    const broadcast = (name: EventName, payload: unknown) => coalesced.broadcast(name, payload as never);

    broadcast('sync:progress', progress(0, 'listing'));
    for (let done = 1; done <= 300; done++) {
      broadcast('sync:progress', progress(done));
      broadcast('account:status', checking(done));
    }
    expect(
      coalesced.sendTo('page', 'store:request', { requestId: 'r1', request: { kind: 'readPopState', accountId: 'acc1' } } as never),
    ).toBe(true);
    for (let done = 301; done <= 500; done++) {
      broadcast('sync:progress', progress(done));
      broadcast('account:status', checking(done));
    }
    await wait(PROGRESS_INTERVAL_MS * 3);
    broadcast('sync:progress', progress(500, 'done'));
    broadcast('account:status', { ...checking(500), state: 'online', detail: '500 new messages' });

    expect(sent.length).toBeLessThan(15);
    // A phase change goes at once; the store request comes after the progress that preceded it.
    expect(sent[0]).toEqual({ to: null, name: 'sync:progress', payload: progress(0, 'listing') });
    const request = sent.findIndex((e) => e.name === 'store:request');
    expect(request).toBeGreaterThan(0);
    const before = sent.slice(0, request);
    expect(before.filter((e) => e.name === 'sync:progress').at(-1)!.payload.done).toBe(300);
    expect(before.filter((e) => e.name === 'account:status').at(-1)!.payload.detail).toBe('Downloading 300 of 500');
    // The last numbers of the burst always arrive, before the final state.
    expect(sent.filter((e) => e.name === 'sync:progress').map((e) => e.payload.done)).toContain(500);
    expect(sent.filter((e) => e.name === 'account:status').map((e) => e.payload.detail)).toContain('Downloading 500 of 500');
    expect(sent.at(-2)).toEqual({ to: null, name: 'sync:progress', payload: progress(500, 'done') });
    expect(sent.at(-1)?.payload.state).toBe('online');
    // Numbers never go backwards.
    const dones = sent.filter((e) => e.name === 'sync:progress').map((e) => e.payload.done as number);
    expect([...dones].sort((a, b) => a - b)).toEqual(dones);
  });

  it('keeps accounts apart, and sends any other event after the snapshots before it', () => {
    const { sent, sink } = recording();
    const coalesced = coalescedSink(sink);
    stops.push(() => coalesced.stop());
    coalesced.broadcast('sync:progress', progress(1) as never);
    coalesced.broadcast('sync:progress', { ...progress(1), accountId: 'acc2' } as never);
    coalesced.broadcast('sync:progress', progress(2) as never);
    coalesced.broadcast('sync:progress', { ...progress(2), accountId: 'acc2' } as never);
    expect(sent.map((e) => `${e.payload.accountId}:${e.payload.done}`)).toEqual(['acc1:1', 'acc2:1']);
    coalesced.broadcast('accounts:changed', { accounts: [] } as never);
    expect(sent.map((e) => (e.name === 'accounts:changed' ? 'changed' : `${e.payload.accountId}:${e.payload.done}`))).toEqual([
      'acc1:1',
      'acc2:1',
      'acc1:2',
      'acc2:2',
      'changed',
    ]);
  });

  it('after stop, sends nothing that was pending', async () => {
    const { sent, sink } = recording();
    const coalesced = coalescedSink(sink);
    coalesced.broadcast('sync:progress', progress(1) as never);
    coalesced.broadcast('sync:progress', progress(2) as never);
    coalesced.stop();
    await wait(PROGRESS_INTERVAL_MS * 2);
    expect(sent.map((e) => e.payload.done)).toEqual([1]);
  });
});
