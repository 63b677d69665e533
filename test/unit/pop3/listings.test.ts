import { describe, expect, it } from 'vitest';

import { parseList, parseStat, parseUidl } from '../../../electron/engine/pop3/listings';

const protocolError = expect.objectContaining({ code: 'protocol_error' }) as Error;

describe('parseStat', () => {
  it('reads count and size, ignoring what follows', () => {
    expect(parseStat('2 320')).toEqual({ count: 2, size: 320 });
    expect(parseStat('0 0 extra')).toEqual({ count: 0, size: 0 });
  });
  it.each(['', '2', 'two 320', '2 -1', '1e3 4'])('refuses %j', (text) => {
    expect(() => parseStat(text)).toThrow(protocolError);
  });
});

describe('parseList', () => {
  it('maps message numbers to sizes, allowing text after the size (RFC 1939 §5)', () => {
    expect(parseList(Buffer.from('1 120\r\n2 200 extra\r\n4 5\r\n'))).toEqual(
      new Map([
        [1, 120],
        [2, 200],
        [4, 5],
      ]),
    );
  });
  it('accepts an empty listing', () => {
    expect(parseList(Buffer.alloc(0)).size).toBe(0);
  });
  it.each(['0 12\r\n', 'x 12\r\n', '1\r\n', '1 big\r\n', '1 1\r\n1 2\r\n'])('refuses %j', (body) => {
    expect(() => parseList(Buffer.from(body))).toThrow(protocolError);
  });
});

describe('parseUidl', () => {
  it('reads unique-ids in order, keeping them byte for byte', () => {
    expect(parseUidl(Buffer.from('1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n'))).toEqual([
      { msgno: 1, uidl: 'whqtswO00WBw418f9t5JxYwZ' },
      { msgno: 2, uidl: 'QhdPYR:00WBw1Ph7x7' },
    ]);
  });
  it('passes on two messages with the same unique-id; planCheck never deletes them', () => {
    expect(parseUidl(Buffer.from('1 same\r\n2 same\r\n'))).toEqual([
      { msgno: 1, uidl: 'same' },
      { msgno: 2, uidl: 'same' },
    ]);
  });
  it.each(['1\r\n', '1 \xe9t\xe9\r\n', '0 abc\r\n', '1 a\r\n1 b\r\n'])('refuses %j', (body) => {
    expect(() => parseUidl(Buffer.from(body, 'latin1'))).toThrow(protocolError);
  });
});
