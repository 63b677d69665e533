import { describe, expect, it } from 'vitest';

import { HomingError } from '../../../electron/contract/result';
import { MAX_STATUS_LINE_BYTES, ResponseReader } from '../../../electron/engine/pop3/response-reader';
import type { StatusLine } from '../../../electron/engine/pop3/status-line';

interface Parsed {
  status: StatusLine;
  body?: Buffer;
}

/** A reader whose sink records everything; `multiline` says which responses carry a body after +OK. */
function harness(multiline: boolean[] = [true]) {
  const responses: Parsed[] = [];
  let parts: Buffer[] | undefined;
  let chunks = 0;
  const reader = new ResponseReader({
    status(status) {
      const wantsBody = (multiline[responses.length] ?? false) && status.kind === 'ok';
      responses.push({ status });
      if (wantsBody) parts = [];
      return wantsBody;
    },
    body(chunk) {
      expect(chunk.length).toBeGreaterThan(0);
      chunks++;
      // Copy: the reader hands out views; the test mutates nothing but keeps them past push().
      parts?.push(Buffer.from(chunk));
    },
    end() {
      const last = responses[responses.length - 1];
      if (last && parts) last.body = Buffer.concat(parts);
      parts = undefined;
    },
  });
  return { reader, responses, chunkCount: () => chunks };
}

function feed(reader: ResponseReader, wire: Buffer, splits: number[]): void {
  let from = 0;
  for (const at of [...splits, wire.length]) {
    reader.push(wire.subarray(from, at));
    from = at;
  }
}

const cases: { name: string; wire: string; body: string }[] = [
  { name: 'plain lines', wire: '+OK\r\nA\r\nB\r\n.\r\n', body: 'A\r\nB\r\n' },
  { name: 'a stuffed line', wire: '+OK\r\nA\r\n..B\r\n.\r\n', body: 'A\r\n.B\r\n' },
  { name: 'a line that is one dot', wire: '+OK 12 octets\r\nA\r\n..\r\nB\r\n.\r\n', body: 'A\r\n.\r\nB\r\n' },
  { name: 'an empty body', wire: '+OK\r\n.\r\n', body: '' },
  { name: 'empty lines', wire: '+OK\r\n\r\n\r\nx\r\n.\r\n', body: '\r\n\r\nx\r\n' },
  { name: 'dots that are not at a line start', wire: '+OK\r\na.b\r\n x..\r\n.\r\n', body: 'a.b\r\n x..\r\n' },
  { name: 'a dot then a CR that is content', wire: '+OK\r\n.\rx\r\n.\r\n', body: '\rx\r\n' },
  { name: 'an unstuffed dot line (RFC 1939: the dot goes)', wire: '+OK\r\n.x\r\n.\r\n', body: 'x\r\n' },
  { name: 'a terminator lookalike inside a line', wire: '+OK\r\nab\r\n.\r\r\n.\r\n', body: 'ab\r\n\r\r\n' },
  { name: 'three dots', wire: '+OK\r\n...\r\n.\r\n', body: '..\r\n' },
];

describe('ResponseReader', () => {
  describe('multi-line bodies at every split point', () => {
    for (const c of cases) {
      const wire = Buffer.from(c.wire, 'latin1');
      it(`${c.name}: whole, split once anywhere, split twice anywhere, and one byte at a time`, () => {
        const splittings: number[][] = [[], Array.from({ length: wire.length - 1 }, (_, i) => i + 1)];
        for (let a = 0; a <= wire.length; a++) {
          splittings.push([a]);
          for (let b = a; b <= wire.length; b++) splittings.push([a, b]);
        }
        for (const splits of splittings) {
          const { reader, responses } = harness();
          feed(reader, wire, splits);
          expect(responses, `splits ${splits.join(',')}`).toHaveLength(1);
          expect(responses[0]?.body?.toString('latin1'), `splits ${splits.join(',')}`).toBe(c.body);
          expect(reader.idle).toBe(true);
        }
      });
    }
  });

  it('parses status, response code and text', () => {
    const { reader, responses } = harness([false, false, false]);
    reader.push(Buffer.from('+OK POP3 ready <1.2@host>\r\n-ERR [SYS/TEMP] try later\r\n-ERR\r\n', 'latin1'));
    expect(responses.map((r) => r.status)).toEqual([
      { kind: 'ok', text: 'POP3 ready <1.2@host>' },
      { kind: 'err', code: 'SYS/TEMP', text: 'try later' },
      { kind: 'err', text: '' },
    ]);
  });

  it('a -ERR to a multi-line command has no body', () => {
    const { reader, responses } = harness([true, false]);
    reader.push(Buffer.from('-ERR no such message\r\n+OK\r\n', 'latin1'));
    expect(responses).toEqual([{ status: { kind: 'err', text: 'no such message' } }, { status: { kind: 'ok', text: '' } }]);
  });

  it('keeps pipelined responses apart, even when one chunk holds several', () => {
    const { reader, responses } = harness([true, false, true]);
    reader.push(Buffer.from('+OK\r\n..a\r\n.\r\n+OK deleted\r\n+OK\r\nb\r\n.\r\n', 'latin1'));
    expect(responses.map((r) => [r.status.text, r.body?.toString('latin1')])).toEqual([
      ['', '.a\r\n'],
      ['deleted', undefined],
      ['', 'b\r\n'],
    ]);
  });

  it('delivers every 8-bit byte unchanged (0x00-0xFF)', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i).filter((b) => b !== 0x0a && b !== 0x0d));
    const message = Buffer.concat([
      Buffer.from('Subject: \xe9\xff\r\n\r\n', 'latin1'),
      all,
      Buffer.from('\r\n'),
      Buffer.from(all).reverse(),
      Buffer.from('\r\n'),
    ]);
    const wire = Buffer.concat([Buffer.from('+OK\r\n'), message, Buffer.from('.\r\n')]);
    for (const size of [1, 3, 7, 64, wire.length]) {
      const { reader, responses } = harness();
      for (let i = 0; i < wire.length; i += size) reader.push(wire.subarray(i, i + size));
      expect(responses[0]?.body?.equals(message)).toBe(true);
    }
  });

  it('a chunk that is exactly ".\\r\\n" in the middle of a body is a body line after a stuffed dot, not the end', () => {
    // Body line "." is sent stuffed as "..": the second dot, then ".\r\n"-looking bytes.
    const { reader, responses } = harness();
    reader.push(Buffer.from('+OK\r\nA\r\n.'));
    reader.push(Buffer.from('.\r\n'));
    expect(responses[0]?.body).toBeUndefined();
    reader.push(Buffer.from('B\r\n'));
    reader.push(Buffer.from('.\r\n'));
    expect(responses[0]?.body?.toString('latin1')).toBe('A\r\n.\r\nB\r\n');
  });

  it('a chunk that is exactly ".\\r\\n" after a line end ends the body', () => {
    const { reader, responses } = harness([true, false]);
    reader.push(Buffer.from('+OK\r\nA\r\n'));
    reader.push(Buffer.from('.\r\n'));
    expect(responses[0]?.body?.toString('latin1')).toBe('A\r\n');
    reader.push(Buffer.from('+OK next\r\n'));
    expect(responses[1]?.status.text).toBe('next');
  });

  it('streams a 1 MB line in pieces without waiting for its end', () => {
    const line = Buffer.alloc(1024 * 1024, 0x78);
    const { reader, responses, chunkCount } = harness();
    reader.push(Buffer.from('+OK\r\n'));
    for (let i = 0; i < line.length; i += 65536) reader.push(line.subarray(i, i + 65536));
    expect(chunkCount()).toBe(16); // delivered as they came, not held back
    reader.push(Buffer.from('\r\n.\r\n'));
    expect(responses[0]?.body?.length).toBe(line.length + 2);
  });

  it('hands out views of the pushed buffers rather than copies when it can', () => {
    const wire = Buffer.from('+OK\r\nhello\r\n.\r\n');
    const seen: Buffer[] = [];
    const reader = new ResponseReader({ status: () => true, body: (c) => void seen.push(c), end: () => undefined });
    reader.push(wire);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.buffer).toBe(wire.buffer);
  });

  it('refuses a status line longer than the cap, even without a line end', () => {
    const { reader } = harness();
    const err = (() => {
      try {
        for (let i = 0; i < 10; i++) reader.push(Buffer.alloc(1024, 0x41));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(HomingError);
    expect((err as HomingError).code).toBe('protocol_error');
    expect(() => reader.push(Buffer.from('+OK\r\n'))).toThrow(err as Error); // stays failed
  });

  it('accepts a status line right at the cap', () => {
    const { reader, responses } = harness([false]);
    reader.push(Buffer.from(`+OK ${'x'.repeat(MAX_STATUS_LINE_BYTES - 5)}\r\n`));
    expect(responses).toHaveLength(1);
  });

  it('refuses a response that is not +OK / -ERR', () => {
    const { reader } = harness();
    expect(() => reader.push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toThrow(
      expect.objectContaining({ code: 'protocol_error' }) as Error,
    );
  });

  it('is not idle with half a status line buffered', () => {
    const { reader } = harness([false]);
    reader.push(Buffer.from('+O'));
    expect(reader.idle).toBe(false);
    reader.push(Buffer.from('K\r\n'));
    expect(reader.idle).toBe(true);
  });
});
