import { describe, expect, it } from 'vitest';

import type { SyncBatch } from '../../../electron/contract';
import { CommitPipeline } from '../../../electron/engine/imap/commit-pipeline';

const batch = (id: string): SyncBatch => ({ id, accountId: 'a', ops: [] });

/** A store whose answers the test releases one by one, in order or with a failure. */
const fakeStore = () => {
  const sent: string[] = [];
  const answers: { resolve: () => void; reject: (e: Error) => void }[] = [];
  return {
    sent,
    apply: (b: SyncBatch) =>
      new Promise<void>((resolve, reject) => {
        sent.push(b.id);
        answers.push({ resolve, reject });
      }),
    answer: (n: number, err?: Error) => (err ? answers[n]?.reject(err) : answers[n]?.resolve()),
  };
};

const tick = () => new Promise((r) => setImmediate(r));

describe('CommitPipeline', () => {
  it('keeps at most `depth` batches unacknowledged and marks each durable only after its own answer', async () => {
    const store = fakeStore();
    const pipe = new CommitPipeline(store.apply, 2);
    const durable: string[] = [];
    await pipe.send(batch('1'), () => durable.push('1'));
    await pipe.send(batch('2'), () => durable.push('2'));
    const third = pipe.send(batch('3'), () => durable.push('3'));
    await tick();
    expect(store.sent).toEqual(['1', '2']);
    store.answer(0);
    await third;
    expect(store.sent).toEqual(['1', '2', '3']);
    expect(durable).toEqual(['1']);
    store.answer(1);
    store.answer(2);
    await pipe.drain();
    expect(durable).toEqual(['1', '2', '3']);
  });

  it('builds a batch given as a function only when there is room to send it', async () => {
    const store = fakeStore();
    const pipe = new CommitPipeline(store.apply, 1);
    await pipe.send(batch('1'), () => undefined);
    let built = 0;
    const second = pipe.send(
      () => {
        built++;
        return batch('2');
      },
      () => undefined,
    );
    await tick();
    expect(built).toBe(0);
    store.answer(0);
    await second;
    expect(built).toBe(1);
    expect(store.sent).toEqual(['1', '2']);
  });

  it('sends a barrier batch only after every earlier one is durable', async () => {
    const store = fakeStore();
    const pipe = new CommitPipeline(store.apply, 3);
    await pipe.send(batch('1'), () => undefined);
    const state = pipe.send(batch('state'), () => undefined, true);
    await tick();
    expect(store.sent).toEqual(['1']);
    store.answer(0);
    await state;
    expect(store.sent).toEqual(['1', 'state']);
  });

  it('never sends the barrier after a failed batch, and reports the failure', async () => {
    const store = fakeStore();
    const pipe = new CommitPipeline(store.apply, 2);
    const durable: string[] = [];
    await pipe.send(batch('1'), () => durable.push('1'));
    const state = pipe.send(batch('state'), () => durable.push('state'), true);
    store.answer(0, new Error('disk full'));
    await expect(state).rejects.toThrow('disk full');
    expect(store.sent).toEqual(['1']);
    expect(durable).toEqual([]);
    await pipe.settle();
  });
});
