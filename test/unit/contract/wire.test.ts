import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { decodeWire, encodeWire, joinParts } from '../../../electron/contract/wire';

/** What a receiver gets: the parts as one message, at an offset inside a larger buffer (as a Node Buffer may be). */
const received = (parts: Uint8Array[], offset = 0): Uint8Array => {
  const joined = joinParts(parts);
  const holder = new Uint8Array(offset + joined.byteLength + 5).fill(0xaa);
  holder.set(joined, offset);
  return holder.subarray(offset, offset + joined.byteLength);
};

const roundTrip = (value: unknown): unknown => {
  const message = encodeWire(value);
  return typeof message === 'string' ? decodeWire(message) : decodeWire(received(message, 3));
};

/** A deterministic pseudo-random generator, so a failure names its seed. */
const prng = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

describe('wire framing', () => {
  it('sends a frame without bytes as plain JSON text', () => {
    const frame = { type: 'event', name: 'sync:progress', payload: { accountId: 'a', done: 1, total: 2, note: undefined } };
    const message = encodeWire(frame);
    expect(typeof message).toBe('string');
    expect(JSON.parse(message as string)).toEqual({ type: 'event', name: 'sync:progress', payload: { accountId: 'a', done: 1, total: 2 } });
    expect(decodeWire(message as string)).toEqual(JSON.parse(message as string));
  });

  it('round-trips arbitrary bytes exactly, in one binary message, as views of it', () => {
    const random = prng(7);
    const sources = Array.from({ length: 60 }, (_, i) => {
      const length = i === 0 ? 0 : Math.floor(random() * (i % 7 === 0 ? 70_000 : 3_000));
      return { id: `m${i}`, bytes: new Uint8Array(randomBytes(length)) };
    });
    // Bytes that look like the framing itself, a terminator, every octet value.
    sources.push({ id: 'magic', bytes: new Uint8Array([0x48, 0x4d, 0x57, 0x01, 0, 0, 0, 0, 0x0d, 0x0a, 0x2e, 0x0d, 0x0a]) });
    sources.push({ id: 'all', bytes: Uint8Array.from({ length: 256 }, (_, i) => i) });
    const frame = {
      type: 'event',
      name: 'store:request',
      payload: {
        requestId: 'r1',
        request: {
          kind: 'apply',
          batch: { ops: [{ op: 'putMessages', messages: [{ id: 'm0', subject: '{"$bytes":"AA=="}' }], sources }] },
        },
      },
    };

    const message = encodeWire(frame);
    expect(Array.isArray(message)).toBe(true);
    const data = received(message as Uint8Array[], 5);
    const decoded = decodeWire(data) as typeof frame;

    const out = decoded.payload.request.batch.ops[0]!.sources;
    expect(out).toHaveLength(sources.length);
    for (const [i, s] of sources.entries()) {
      expect(out[i]!.id).toBe(s.id);
      expect(out[i]!.bytes).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(out[i]!.bytes).equals(Buffer.from(s.bytes))).toBe(true);
      // No copy: a view into the received message.
      expect(out[i]!.bytes.buffer).toBe(data.buffer);
    }
    expect(decoded.payload.request.batch.ops[0]!.messages[0]!.subject).toBe('{"$bytes":"AA=="}');
  });

  it('carries Node Buffers (and views into larger buffers) as exactly their own bytes', () => {
    const big = Buffer.from('xxxxHELLO, WORLDyyyy', 'latin1');
    const view = big.subarray(4, 16);
    const decoded = roundTrip({ a: view, b: [new Uint8Array(big.buffer, big.byteOffset + 5, 3)], c: Buffer.alloc(0) }) as Record<
      string,
      unknown
    >;
    expect(Buffer.from(decoded.a as Uint8Array).toString('latin1')).toBe('HELLO, WORLD');
    expect(Buffer.from((decoded.b as Uint8Array[])[0]!).toString('latin1')).toBe('ELL');
    expect((decoded.c as Uint8Array).byteLength).toBe(0);
    expect(decoded.a).not.toBeInstanceOf(Buffer);
  });

  it('round-trips bytes at the top level, in nested arrays and next to nulls and undefined', () => {
    expect(Array.from(roundTrip(new Uint8Array([1, 2, 3])) as Uint8Array)).toEqual([1, 2, 3]);
    const decoded = roundTrip({ list: [null, [new Uint8Array([9])], { x: undefined, y: null }], 'weird key"\n': new Uint8Array([8]) }) as {
      list: [null, [Uint8Array], { y: null }];
      'weird key"\n': Uint8Array;
    };
    expect(decoded.list[0]).toBeNull();
    expect(Array.from(decoded.list[1][0])).toEqual([9]);
    expect(decoded.list[2]).toEqual({ y: null });
    expect(Array.from(decoded['weird key"\n'])).toEqual([8]);
  });

  it('leaves the value it encodes untouched, its byte arrays where they were', () => {
    const bytes = new Uint8Array([1, 2]);
    const headers = [{ id: 'm1', from: [{ name: 'A', address: 'a@x' }] }];
    const value = { ops: [{ messages: headers, sources: [{ id: 'm1', bytes }] }], sibling: { n: 1 } };
    const before = structuredClone(value);
    const message = encodeWire(value);
    expect(Array.isArray(message)).toBe(true);
    expect(value).toEqual(before);
    expect(value.ops[0]?.sources[0]?.bytes).toBe(bytes);
    expect(value.ops[0]?.messages).toBe(headers);
    const decoded = decodeWire(received(message as Uint8Array[])) as typeof value;
    expect(decoded.ops[0]?.messages).toEqual(headers);
    expect(Array.from(decoded.ops[0]?.sources[0]?.bytes ?? [])).toEqual([1, 2]);
    expect(decoded.sibling).toEqual({ n: 1 });
  });

  it('refuses malformed binary frames instead of guessing', () => {
    const good = joinParts(encodeWire({ a: new Uint8Array([1, 2, 3]) }) as Uint8Array[]);
    expect(() => decodeWire(good.subarray(0, good.byteLength - 1))).toThrow(/Malformed/);
    expect(() => decodeWire(joinParts([good, new Uint8Array([0])]))).toThrow(/left over/);
    expect(() => decodeWire(new Uint8Array([1, 2, 3]))).toThrow(/Malformed/);
    const header = (h: unknown, tail: number[] = []) => {
      const json = new TextEncoder().encode(JSON.stringify(h));
      const out = new Uint8Array(8 + json.byteLength + tail.length);
      out.set([0x48, 0x4d, 0x57, 0x01]);
      new DataView(out.buffer).setUint32(4, json.byteLength, true);
      out.set(json, 8);
      out.set(tail, 8 + json.byteLength);
      return out;
    };
    // A path must end at a placeholder the header holds, never at real data or a prototype.
    expect(() => decodeWire(header({ value: { a: 'text' }, blobs: [{ path: ['a'], length: 1 }] }, [1]))).toThrow(/placeholder/);
    expect(() => decodeWire(header({ value: {}, blobs: [{ path: ['__proto__'], length: 1 }] }, [1]))).toThrow(/Malformed/);
    expect(() => decodeWire(header({ value: { a: null }, blobs: [{ path: ['a', 'b'], length: 1 }] }, [1]))).toThrow(/Malformed/);
    expect(() => decodeWire(header({ value: { a: null }, blobs: [{ path: ['a'], length: -1 }] }, []))).toThrow(/Malformed/);
    expect(decodeWire(header({ value: { a: null }, blobs: [{ path: ['a'], length: 1 }] }, [7]))).toEqual({ a: new Uint8Array([7]) });
  });
});
