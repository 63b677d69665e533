import { describe, expect, it } from 'vitest';

import { TaskQueue } from '../../../electron/engine/imap/task-queue';

describe('TaskQueue', () => {
  it('runs one task at a time, user tasks before queued sync tasks', async () => {
    const q = new TaskQueue();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = q.run('sync', async () => {
      order.push('sync1:start');
      await gate;
      order.push('sync1:end');
    });
    const s2 = q.run('sync', async () => void order.push('sync2'));
    const u1 = q.run('user', async () => void order.push('user1'));
    expect(q.idle).toBe(false);
    release();
    await Promise.all([first, s2, u1]);
    expect(order).toEqual(['sync1:start', 'sync1:end', 'user1', 'sync2']);
    expect(q.idle).toBe(true);
  });

  it('passes results and errors through, and keeps going after a failure', async () => {
    const q = new TaskQueue();
    await expect(q.run('user', async () => 7)).resolves.toBe(7);
    await expect(q.run('user', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(q.run('sync', async () => 'after')).resolves.toBe('after');
  });

  it('clear() rejects tasks that have not started', async () => {
    const q = new TaskQueue();
    let release!: () => void;
    const running = q.run('sync', () => new Promise<void>((r) => (release = r)));
    const waiting = q.run('user', async () => 1);
    q.clear(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    release();
    await running;
  });
});
