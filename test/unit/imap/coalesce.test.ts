import { describe, expect, it } from 'vitest';

import { Coalescer } from '../../../electron/engine/imap/coalesce';

const gate = () => {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
};

describe('Coalescer', () => {
  it('never runs one key twice at once, and serves every request made meanwhile with one more run', async () => {
    const c = new Coalescer();
    let running = 0;
    let max = 0;
    let runs = 0;
    const g = gate();
    const task = async () => {
      running++;
      runs++;
      max = Math.max(max, running);
      if (runs === 1) await g.promise;
      running--;
    };
    const a = c.run('INBOX', task);
    const b = c.run('INBOX', task);
    const d = c.run('INBOX', task);
    expect(b).toBe(d);
    g.open();
    await Promise.all([a, b, d]);
    expect(runs).toBe(2);
    expect(max).toBe(1);
    expect(c.current('INBOX')).toBeNull();
  });

  it('runs different keys independently and lets a failure not block the next run', async () => {
    const c = new Coalescer();
    const g = gate();
    const slow = c.run('a', () => g.promise);
    await c.run('b', async () => undefined);
    expect(c.current('a')).not.toBeNull();
    g.open();
    await slow;
    await expect(c.run('x', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(c.run('x', async () => undefined)).resolves.toBeUndefined();
  });
});
