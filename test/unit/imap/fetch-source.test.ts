import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';

import { fetchWithSources, type SourceBatch, sourceBytes } from '../../../electron/engine/imap/fetch-source';

/** An ImapFlow whose FETCHes yield `answers` in turn, each then ending as the server answered it. */
const client = (...answers: { rows: Partial<FetchMessageObject>[]; end?: Error & { responseStatus?: string } }[]) => {
  const calls: { range: string; source: boolean }[] = [];
  const fake = {
    calls,
    async *fetch(range: string, query: { source?: boolean }) {
      calls.push({ range, source: query.source === true });
      const answer = answers[calls.length - 1] ?? { rows: [] };
      for (const row of answer.rows) yield row;
      if (answer.end) throw answer.end;
    },
  };
  return fake as unknown as ImapFlow & { calls: typeof calls };
};

const refused = (status: string) => Object.assign(new Error('Some messages could not be FETCHed (Failure)'), { responseStatus: status });

const limits = { maxMessages: 2, maxBytes: 1_000 };
const same = (row: FetchMessageObject) => row;
/** A row answering a FETCH of the list fields alone. */
const listed = (uid: number): Partial<FetchMessageObject> => ({ uid, envelope: { subject: `message ${uid}` } });

/** Every batch the generator hands out, each as [uid, has a source] pairs and its `complete`. */
const batches = async (gen: AsyncGenerator<SourceBatch<FetchMessageObject>>) => {
  const out: { rows: [number, boolean][]; complete: boolean }[] = [];
  for await (const b of gen) out.push({ rows: b.rows.map((r) => [r.uid, r.source !== undefined]), complete: b.complete });
  return out;
};

describe('fetchWithSources', () => {
  it('fetches list fields and sources in one UID FETCH, in store batches, each source its exact bytes', async () => {
    const pooled = Buffer.from('xxHelloyy');
    const c = client({
      rows: [
        { uid: 3, source: pooled.subarray(2, 7) },
        { uid: 4, source: Buffer.from('!') },
        { uid: 5, source: Buffer.from('World') },
      ],
    });
    const seen: FetchMessageObject[] = [];
    const out: { uids: number[]; complete: boolean }[] = [];
    for await (const b of fetchWithSources(c, [5, 3, 4], limits, same)) {
      seen.push(...b.rows);
      out.push({ uids: b.rows.map((r) => r.uid), complete: b.complete });
    }
    expect(c.calls).toEqual([{ range: '3:5', source: true }]);
    expect(out).toEqual([
      { uids: [3, 4], complete: false },
      { uids: [5], complete: true },
    ]);
    const three = sourceBytes(seen[0]?.source as Buffer);
    expect(three.byteLength).toBe(5);
    expect(Buffer.from(three).toString()).toBe('Hello');
  });

  it('holds only what the mapper made of each row, and still cuts by the source bytes', async () => {
    const c = client({
      rows: [
        { uid: 1, source: Buffer.alloc(600) },
        { uid: 2, source: Buffer.alloc(600) },
        { uid: 3, source: Buffer.alloc(100) },
      ],
    });
    const out: { rows: string[]; complete: boolean }[] = [];
    for await (const b of fetchWithSources(c, [1, 2, 3], { maxMessages: 10, maxBytes: 1_000 }, (row) => `uid ${row.uid}`)) out.push(b);
    expect(out).toEqual([
      { rows: ['uid 1', 'uid 2'], complete: false },
      { rows: ['uid 3'], complete: true },
    ]);
  });

  it('asks for the list fields alone of what came without its body, and ignores rows it did not ask for', async () => {
    // A server's own FETCH (a flag changed elsewhere) may arrive amid the answer; a row without
    // BODY[] holds none of the list fields the mirror asks with the body either.
    const c = client(
      {
        rows: [
          { uid: 1, source: Buffer.from('a') },
          { uid: 2, flags: new Set(['\\Seen']) },
          { uid: 9, flags: new Set(['\\Seen']) },
        ],
      },
      { rows: [listed(2)] },
    );
    expect(await batches(fetchWithSources(c, [1, 2, 3], limits, same))).toEqual([
      {
        rows: [
          [1, true],
          [2, false],
        ],
        complete: false,
      },
      { rows: [], complete: true },
    ]);
    expect(c.calls).toEqual([
      { range: '1:3', source: true },
      { range: '2:3', source: false },
    ]);
  });

  it('cuts a batch at the byte limit, and marks the last one complete even when it is full', async () => {
    const big = Buffer.alloc(600);
    const c = client({
      rows: [
        { uid: 1, source: big },
        { uid: 2, source: big },
        { uid: 3, source: big },
        { uid: 4, source: big },
      ],
    });
    expect(await batches(fetchWithSources(c, [1, 2, 3, 4], limits, same))).toEqual([
      {
        rows: [
          [1, true],
          [2, true],
        ],
        complete: false,
      },
      {
        rows: [
          [3, true],
          [4, true],
        ],
        complete: true,
      },
    ]);
  });

  it('ends with an empty complete batch when messages were expunged meanwhile', async () => {
    const c = client({
      rows: [
        { uid: 1, source: Buffer.from('a') },
        { uid: 2, source: Buffer.from('b') },
      ],
    });
    expect(await batches(fetchWithSources(c, [1, 2, 3], limits, same))).toEqual([
      {
        rows: [
          [1, true],
          [2, true],
        ],
        complete: false,
      },
      { rows: [], complete: true },
    ]);
  });

  it('lists what the server refused (NO) with its fields alone, and rethrows anything else', async () => {
    const c = client({ rows: [{ uid: 1, source: Buffer.from('a') }], end: refused('NO') }, { rows: [listed(2), listed(3)] });
    expect(await batches(fetchWithSources(c, [1, 2, 3], limits, same))).toEqual([
      {
        rows: [
          [1, true],
          [2, false],
        ],
        complete: false,
      },
      { rows: [[3, false]], complete: true },
    ]);
    expect(c.calls).toEqual([
      { range: '1:3', source: true },
      { range: '2:3', source: false },
    ]);
    await expect(
      batches(fetchWithSources(client({ rows: [{ uid: 1, source: Buffer.from('a') }], end: refused('BAD') }), [1, 2], limits, same)),
    ).rejects.toThrow('could not be FETCHed');
    await expect(batches(fetchWithSources(client({ rows: [], end: new Error('Connection closed') }), [1], limits, same))).rejects.toThrow(
      'Connection closed',
    );
  });
});
