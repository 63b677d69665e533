import { describe, expect, it } from 'vitest';

import type { ServerSettings } from '../../../electron/contract';
import { SizeLimits } from '../../../electron/engine/smtp/size-limits';

const smtp: ServerSettings = { host: 'smtp.homing.test', port: 587, security: 'starttls', username: 'a', allowCleartextPassword: false };

/** The cache's decisions, with the EHLO reader replaced by a counter (the real one is tested against Postfix). */
const setup = (answers: (number | null | Error)[]) => {
  let now = 1_000;
  const asked: ServerSettings[] = [];
  const limits = new SizeLimits({
    now: () => now,
    read: async (settings) => {
      asked.push(settings);
      const a = answers.shift();
      if (a instanceof Error) throw a;
      return a ?? null;
    },
  });
  return { limits, asked, advance: (ms: number) => (now += ms) };
};

describe('SizeLimits', () => {
  it('asks the server once with EHLO, then answers from memory', async () => {
    const { limits, asked } = setup([10_240_000]);
    expect(await limits.get('a1', smtp)).toEqual({ sizeLimit: 10_240_000, checkedAt: 1_000 });
    expect(await limits.get('a1', smtp)).toEqual({ sizeLimit: 10_240_000, checkedAt: 1_000 });
    expect(asked).toHaveLength(1);
  });

  it('shares one EHLO between two composers asking at once', async () => {
    const { limits, asked } = setup([5_000]);
    const [a, b] = await Promise.all([limits.get('a1', smtp), limits.get('a1', smtp)]);
    expect(a).toEqual(b);
    expect(asked).toHaveLength(1);
  });

  it('takes what a send saw over what it read before', async () => {
    const { limits, asked, advance } = setup([5_000]);
    await limits.get('a1', smtp);
    advance(10);
    limits.record('a1', smtp, 7_000);
    expect(await limits.get('a1', smtp)).toEqual({ sizeLimit: 7_000, checkedAt: 1_010 });
    expect(asked).toHaveLength(1);
  });

  it('knows "no limit advertised" as a fact, not as unknown', async () => {
    const { limits } = setup([null]);
    expect(await limits.get('a1', smtp)).toEqual({ sizeLimit: null, checkedAt: 1_000 });
  });

  it('forgets the limit when the account’s server changes', async () => {
    const { limits, asked } = setup([5_000, 9_000]);
    await limits.get('a1', smtp);
    expect(await limits.get('a1', { ...smtp, host: 'other.homing.test' })).toMatchObject({ sizeLimit: 9_000 });
    expect(asked).toHaveLength(2);
  });

  it('says unknown for an unreachable server and asks again only after a minute', async () => {
    const { limits, asked, advance } = setup([new Error('ECONNREFUSED'), 3_000]);
    expect(await limits.get('a1', smtp)).toEqual({ sizeLimit: null, checkedAt: null });
    expect(await limits.get('a1', smtp)).toEqual({ sizeLimit: null, checkedAt: null });
    expect(asked).toHaveLength(1);
    advance(60_000);
    expect(await limits.get('a1', smtp)).toMatchObject({ sizeLimit: 3_000 });
  });

  it('says unknown without asking anyone when the account has no SMTP server', async () => {
    const { limits, asked } = setup([]);
    expect(await limits.get('a1', undefined)).toEqual({ sizeLimit: null, checkedAt: null });
    expect(asked).toHaveLength(0);
  });
});
