import { describe, expect, it } from 'vitest';

import { StatusFeed } from '../../../../../renderer/features/status/status-feed';

const manualFrames = () => {
  const queued: (() => void)[] = [];
  return { schedule: (run: () => void) => queued.push(run), flush: () => queued.splice(0).forEach((run) => run()), queued };
};

describe('StatusFeed', () => {
  it('tells subscribers once per frame however many events arrived, with the latest values', () => {
    const frames = manualFrames();
    const feed = new StatusFeed(frames.schedule);
    let calls = 0;
    feed.subscribe(() => calls++);
    for (let done = 1; done <= 500; done++) feed.progress({ accountId: 'a', phase: 'downloading', done, total: 500, bytes: 0 });
    feed.status({ accountId: 'a', state: 'checking', lastCheckedAt: null, nextCheckAt: null, error: null, detail: null });
    expect(frames.queued).toHaveLength(1);
    expect(calls).toBe(0);
    frames.flush();
    expect(calls).toBe(1);
    expect(feed.get('a')?.progress?.done).toBe(500);
    expect(feed.get('a')?.status?.state).toBe('checking');
    feed.progress({ accountId: 'a', phase: 'done', done: 500, total: 500, bytes: 0 });
    frames.flush();
    expect(calls).toBe(2);
  });

  it('keeps an account’s snapshot identical until that account changes, and stops telling unsubscribed listeners', () => {
    const frames = manualFrames();
    const feed = new StatusFeed(frames.schedule);
    feed.progress({ accountId: 'a', phase: 'listing', done: 0, total: 0, bytes: 0 });
    const before = feed.get('a');
    feed.progress({ accountId: 'b', phase: 'listing', done: 0, total: 0, bytes: 0 });
    expect(feed.get('a')).toBe(before);
    expect(feed.get('nobody')).toBeUndefined();
    let calls = 0;
    const off = feed.subscribe(() => calls++);
    off();
    frames.flush();
    expect(calls).toBe(0);
  });
});
