import { describe, expect, it } from 'vitest';

import { wantsBody } from '../../../electron/engine/imap/body-policy';

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
