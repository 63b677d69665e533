import { describe, expect, it } from 'vitest';

import { runPipelined } from '../../../electron/engine/pop3/pipeline';

/** Commands that settle when told to, recording how many were outstanding at once. */
function fakeServer() {
  const waiting: { item: number; resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  let maxOutstanding = 0;
  const issued: number[] = [];
  return {
    issued,
    max: () => maxOutstanding,
    issue: (item: number) =>
      new Promise<string>((resolve, reject) => {
        issued.push(item);
        waiting.push({ item, resolve, reject });
        maxOutstanding = Math.max(maxOutstanding, waiting.length);
      }),
    answerAll: async (fail?: number) => {
      while (waiting.length) {
        const next = waiting.shift()!;
        if (next.item === fail) next.reject(new Error(`fail ${next.item}`));
        else next.resolve(`r${next.item}`);
        await new Promise((r) => setTimeout(r, 0));
      }
    },
  };
}

describe('runPipelined', () => {
  it('keeps at most `window` outstanding and handles results in order', async () => {
    const server = fakeServer();
    const handled: string[] = [];
    const run = runPipelined([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3, server.issue, (item, result) => void handled.push(`${item}:${result}`));
    await server.answerAll();
    await run;
    expect(server.max()).toBe(3);
    expect(handled).toEqual(Array.from({ length: 10 }, (_, i) => `${i + 1}:r${i + 1}`));
  });

  it('with window 1 issues the next only after the previous was handled', async () => {
    const server = fakeServer();
    const run = runPipelined([1, 2, 3], 1, server.issue, () => undefined);
    await server.answerAll();
    await run;
    expect(server.max()).toBe(1);
  });

  it('stops issuing after a failure but drains what is outstanding, then throws the first failure', async () => {
    const server = fakeServer();
    const handled: number[] = [];
    const run = runPipelined([1, 2, 3, 4, 5, 6], 3, server.issue, (item) => void handled.push(item));
    const outcome = run.then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    await server.answerAll(2);
    expect(await outcome).toBe('fail 2');
    expect(handled).toEqual([1]);
    expect(server.issued).toEqual([1, 2, 3, 4]); // 4 was issued when 1 was handled; nothing after the failure
  });

  it('a throwing handler stops it the same way', async () => {
    const server = fakeServer();
    const run = runPipelined([1, 2, 3], 2, server.issue, (item) => {
      if (item === 1) throw new Error('disk full');
    });
    const outcome = run.catch((e: Error) => e.message);
    await server.answerAll();
    expect(await outcome).toBe('disk full');
    expect(server.issued).toEqual([1, 2]);
  });
});
