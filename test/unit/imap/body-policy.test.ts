import { describe, expect, it } from 'vitest';

import { maxMirroredBodyKb, planBodies, wantsBody } from '../../../electron/engine/imap/body-policy';

const day = 86_400_000;
const now = 100 * day;

describe('wantsBody', () => {
  it('never downloads bodies for headers-only', () => {
    expect(wantsBody({ kind: 'headers-only' }, 10_240, { date: now, size: 10 }, now)).toBe(false);
  });
  it('downloads everything under the cap', () => {
    expect(wantsBody({ kind: 'everything' }, 10, { date: 0, size: 10 * 1024 }, now)).toBe(true);
    expect(wantsBody({ kind: 'everything' }, 10, { date: 0, size: 10 * 1024 + 1 }, now)).toBe(false);
  });
  it('downloads recent bodies only, the boundary included', () => {
    const policy = { kind: 'recent-bodies', days: 30 } as const;
    expect(wantsBody(policy, 10_240, { date: now - 30 * day, size: 1 }, now)).toBe(true);
    expect(wantsBody(policy, 10_240, { date: now - 30 * day - 1, size: 1 }, now)).toBe(false);
    expect(wantsBody(policy, 10_240, { date: now + day, size: 1 }, now)).toBe(true);
    expect(wantsBody(policy, 1, { date: now, size: 2048 }, now)).toBe(false);
  });
});

describe('planBodies', () => {
  const limits = { maxMessages: 3, maxBytes: 100 };
  const everything = { offline: { kind: 'everything' }, attachmentCapKb: 10_240 } as const;
  const item = (uid: number, size: number, date = now) => ({ uid, size, date });

  it('keeps the headers of unwanted bodies alone and batches the rest in order', () => {
    const plan = planBodies(
      [item(9, 10), item(8, 10, 0), item(7, 10)],
      { offline: { kind: 'recent-bodies', days: 30 }, attachmentCapKb: 1 },
      now,
      limits,
    );
    expect(plan).toEqual({ headerOnly: [8], batches: [[9, 7]] });
  });
  it('ends a batch at the message or byte limit; a message over the byte limit goes alone', () => {
    const plan = planBodies(
      [item(1, 10), item(2, 10), item(3, 10), item(4, 60), item(5, 50), item(6, 500), item(7, 1)],
      everything,
      now,
      limits,
    );
    expect(plan.batches).toEqual([[1, 2, 3], [4], [5], [6], [7]]);
    expect(plan.headerOnly).toEqual([]);
  });
  it('downloads nothing for headers-only, and never a body over the literal guard', () => {
    expect(planBodies([item(1, 10)], { offline: { kind: 'headers-only' }, attachmentCapKb: 10_240 }, now, limits)).toEqual({
      headerOnly: [1],
      batches: [],
    });
    const huge = planBodies(
      [item(1, maxMirroredBodyKb * 1024 + 1)],
      { offline: { kind: 'everything' }, attachmentCapKb: 1_000_000 },
      now,
      limits,
    );
    expect(huge).toEqual({ headerOnly: [1], batches: [] });
  });
});
