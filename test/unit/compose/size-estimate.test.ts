import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import type { DraftAttachment } from '../../../electron/contract/compose';
import { buildMessage } from '../../../electron/engine/compose/build-mime';
import {
  base64Bytes,
  estimateMessageSize,
  quotedPrintableBytes,
  readableSize,
  sizeVerdict,
  sizeWords,
  textPartBytes,
} from '../../../renderer/features/compose/size-estimate';

const att = (size: number, kind: 'file' | 'message' = 'file'): DraftAttachment => ({
  id: `a${size}`,
  filename: 'Bericht März.pdf',
  contentType: kind === 'message' ? 'message/rfc822' : 'application/pdf',
  size,
  kind,
});

/** The message Homing really builds for these contents (engine/compose/build-mime.ts). */
const built = async (text: string, format: 'plain' | 'formatted', files: { size: number; kind: 'file' | 'message' }[]) =>
  (
    await buildMessage({
      draft: {
        to: [{ name: 'Bob Bäcker', address: 'bob@homing.test' }],
        cc: [],
        bcc: [],
        subject: 'Grüße',
        text,
        format,
        inReplyTo: null,
        references: [],
      },
      from: { name: 'Alice Ärger', email: 'alice@homing.test' },
      attachments: files.map((f) => ({
        filename: 'Bericht März.pdf',
        contentType: f.kind === 'message' ? 'message/rfc822' : 'application/pdf',
        kind: f.kind,
        content: f.kind === 'message' ? Buffer.from(`Subject: x\r\n\r\n${'y'.repeat(f.size - 15)}`) : randomBytes(f.size),
      })),
      messageId: '<m@homing.test>',
      date: new Date(0),
      boundary: 'b',
    })
  ).wire.length;

describe('base64Bytes and quotedPrintableBytes', () => {
  it('count base64 as nodemailer wraps it: 57 bytes per 78-byte line', () => {
    expect(base64Bytes(0)).toBe(0);
    expect(base64Bytes(1)).toBe(78);
    expect(base64Bytes(57)).toBe(78);
    expect(base64Bytes(58)).toBe(156);
    // 4/3 for base64, 78/76 for the line ends.
    expect(base64Bytes(3_000_000)).toBe(Math.ceil(3_000_000 / 57) * 78);
    expect(base64Bytes(3_000_000) / 3_000_000).toBeCloseTo((4 / 3) * (78 / 76), 3);
  });

  it('count non-ASCII UTF-8 bytes and "=" three times (=XX), CRLF line ends and soft breaks of long lines', () => {
    expect(quotedPrintableBytes('')).toBe(2);
    expect(quotedPrintableBytes('abc')).toBe(3 + 2);
    expect(quotedPrintableBytes('ä')).toBe(6 + 2);
    expect(quotedPrintableBytes('a=b')).toBe(5 + 2);
    expect(quotedPrintableBytes('a\nb')).toBe(6);
    expect(quotedPrintableBytes('x'.repeat(75))).toBe(77);
    expect(quotedPrintableBytes('x'.repeat(76))).toBe(76 + 3 + 2);
  });

  it('count short ASCII lines as they are (7bit), anything else as quoted-printable', () => {
    expect(textPartBytes('Hallo Bob\nbis dann')).toBe(9 + 2 + 8 + 2);
    expect(textPartBytes('Grüße')).toBe(quotedPrintableBytes('Grüße'));
    expect(textPartBytes('x'.repeat(77))).toBe(quotedPrintableBytes('x'.repeat(77)));
  });
});

describe('estimateMessageSize against the message Homing builds', () => {
  const cases: [string, string, 'plain' | 'formatted', { size: number; kind: 'file' | 'message' }[]][] = [
    ['short text', 'Hallo Bob\n', 'plain', []],
    ['long UTF-8 text', 'Grüße aus Köln — '.repeat(2_000), 'plain', []],
    ['formatted text', '*fett* und _kursiv_\n'.repeat(500), 'formatted', []],
    [
      'formatted prose with links and a quote',
      'Siehe https://homing.test/a?b=c & <d>\n\n> zitiert\n> weiter\n'.repeat(200),
      'formatted',
      [],
    ],
    ['one file', 'Anbei.\n', 'plain', [{ size: 300_000, kind: 'file' }]],
    [
      'several files and a forwarded message',
      'x\n',
      'plain',
      [
        { size: 10, kind: 'file' },
        { size: 1_000_000, kind: 'file' },
        { size: 5_000, kind: 'message' },
      ],
    ],
  ];
  for (const [name, text, format, files] of cases) {
    it(`is at least the real size and within 5% + 2 KB of it: ${name}`, async () => {
      const real = await built(text, format, files);
      const estimate = estimateMessageSize({ text, format, attachments: files.map((f) => att(f.size, f.kind)) });
      expect(estimate).toBeGreaterThanOrEqual(real);
      expect(estimate - real).toBeLessThanOrEqual(real * 0.05 + 2_048);
    });
  }
});

describe('sizeVerdict and sizeWords', () => {
  it('says nothing about a limit that is not known', () => {
    expect(sizeVerdict(5_000, null)).toEqual({ kind: 'unknown', size: 5_000 });
    expect(sizeVerdict(5_000, undefined)).toEqual({ kind: 'unknown', size: 5_000 });
    expect(sizeVerdict(5_000, 0)).toEqual({ kind: 'unknown', size: 5_000 });
    expect(sizeWords(sizeVerdict(2_202_010, null))).toBe('About 2.1 MB');
  });

  it('shows the size against the limit when it fits, up to exactly the limit', () => {
    expect(sizeVerdict(26_214_400, 26_214_400).kind).toBe('fits');
    expect(sizeWords(sizeVerdict(2_202_010, 26_214_400))).toBe('2.1 MB of 25 MB this server accepts');
  });

  it('says in plain words when it is too large, and by how much', () => {
    const v = sizeVerdict(30_000_000, 26_214_400);
    expect(v).toEqual({ kind: 'too-large', size: 30_000_000, limit: 26_214_400, over: 3_785_600 });
    expect(sizeWords(v)).toBe(
      'This message is about 29 MB, but the server accepts at most 25 MB. Remove attachments (about 3.6 MB too much) or share large files another way.',
    );
  });

  it('reads sizes in bytes, KB and MB', () => {
    expect(readableSize(0)).toBe('0 bytes');
    expect(readableSize(1023)).toBe('1023 bytes');
    expect(readableSize(1024)).toBe('1 KB');
    expect(readableSize(200_000)).toBe('195 KB');
    expect(readableSize(1024 * 1024)).toBe('1 MB');
    expect(readableSize(10_240_000)).toBe('9.8 MB');
    expect(readableSize(35_882_577)).toBe('34 MB');
  });
});
