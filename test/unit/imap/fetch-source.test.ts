import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';

import { fetchBodies } from '../../../electron/engine/imap/fetch-source';

/** An ImapFlow whose FETCH yields `rows`, then ends as the server answered it. */
const client = (rows: Partial<FetchMessageObject>[], end?: Error & { responseStatus?: string }) => {
  const ranges: string[] = [];
  const fake = {
    ranges,
    async *fetch(range: string) {
      ranges.push(range);
      for (const row of rows) yield row;
      if (end) throw end;
    },
  };
  return fake as unknown as ImapFlow & { ranges: string[] };
};

const refused = (status: string) => Object.assign(new Error('Some messages could not be FETCHed (Failure)'), { responseStatus: status });

describe('fetchBodies', () => {
  it('fetches the set in one UID FETCH and returns each source as its exact bytes', async () => {
    const pooled = Buffer.from('xxHelloyy');
    const c = client([
      { uid: 3, source: pooled.subarray(2, 7) },
      { uid: 5, source: Buffer.from('World') },
    ]);
    const bodies = await fetchBodies(c, [5, 3, 4]);
    expect(c.ranges).toEqual(['3:5']);
    expect(Buffer.from(bodies.get(3) ?? []).toString()).toBe('Hello');
    expect(bodies.get(3)?.byteLength).toBe(5);
    expect([...bodies.keys()].sort()).toEqual([3, 5]);
  });

  it('keeps what came when the server answers NO for some messages, and rethrows anything else', async () => {
    const bodies = await fetchBodies(client([{ uid: 1, source: Buffer.from('a') }], refused('NO')), [1, 2]);
    expect([...bodies.keys()]).toEqual([1]);
    await expect(fetchBodies(client([{ uid: 1, source: Buffer.from('a') }], refused('BAD')), [1, 2])).rejects.toThrow(
      'could not be FETCHed',
    );
    await expect(fetchBodies(client([], new Error('Connection closed')), [1])).rejects.toThrow('Connection closed');
  });
});
