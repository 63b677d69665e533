// MIME body parts for generated messages. A part is header lines plus body bytes; bodies are Buffers
// because 8-bit parts carry bytes (latin1, or invalid UTF-8 on purpose) that no JS string round-trips.

import { encodeWords, quotedPrintable, rfc2231 } from './mime-encode';
import { ATTACHMENTS, DOT_LINES, wrap } from './seed-content';
import type { Random } from './seed-random';

export interface Part {
  headers: string[];
  body: Buffer;
}

export type TextKind = 'ascii' | 'utf8-qp' | 'utf8-8bit' | 'latin1-8bit' | 'invalid-utf8-8bit';

export function pickTextKind(random: Random): TextKind {
  const r = random.next();
  if (r < 0.45) return 'ascii';
  if (r < 0.65) return 'utf8-qp';
  if (r < 0.85) return 'utf8-8bit';
  if (r < 0.97) return 'latin1-8bit';
  return 'invalid-utf8-8bit';
}

export function textPart(random: Random, kind: TextKind, paras: string[]): Part {
  const lines: string[] = [];
  for (const p of paras) lines.push(...wrap(p), '');
  // Lines a dot-stuffing bug would eat, and a ~900-octet line (under RFC 5322's 998 limit) that
  // naive line-length handling would split; the long line only in parts that are not re-encoded.
  if (random.chance(0.06)) lines.splice(random.int(0, lines.length), 0, ...DOT_LINES.slice(0, random.int(1, DOT_LINES.length)));
  if (kind !== 'utf8-qp' && random.chance(0.04)) lines.push(`https://example.com/track?${'x'.repeat(random.int(850, 900))}`);
  lines.push('-- ', 'Sent from a test fixture');
  const text = lines.join('\r\n') + '\r\n';
  switch (kind) {
    case 'ascii':
      return plain('us-ascii', '7bit', Buffer.from(text, 'latin1'));
    case 'utf8-qp':
      return plain('utf-8', 'quoted-printable', Buffer.from(quotedPrintable(text), 'latin1'));
    case 'utf8-8bit':
      return plain('utf-8', '8bit', Buffer.from(text, 'utf8'));
    case 'latin1-8bit':
      return plain('iso-8859-1', '8bit', Buffer.from(latin1Safe(text), 'latin1'));
    case 'invalid-utf8-8bit':
      // Declared UTF-8 but carrying raw latin1 bytes: common in the wild, must not crash a parser.
      return plain('utf-8', '8bit', Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from('Gr\xfc\xdfe, caf\xe9\r\n', 'latin1')]));
  }
}

function plain(charset: string, cte: string, body: Buffer): Part {
  return { headers: [`Content-Type: text/plain; charset=${charset}`, `Content-Transfer-Encoding: ${cte}`], body };
}

/** Latin1 can't hold CJK or Cyrillic; such sentences become '?' the way a legacy mailer would send them. */
function latin1Safe(text: string): string {
  return text.replace(/[^\x00-\xff]/g, '?');
}

export function htmlPart(paras: string[]): Part {
  const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const html = [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><style>p { font-family: sans-serif; }</style></head><body>',
    ...paras.map((p) => `<p>${escape(p)}</p>`),
    '<p><a href="https://example.com/unsubscribe">Unsubscribe</a> <img src="https://tracker.example.com/p.gif" width="1" height="1"></p>',
    '</body></html>',
  ].join('\r\n');
  return {
    headers: ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'],
    body: Buffer.from(quotedPrintable(html) + '\r\n', 'latin1'),
  };
}

/** Shared random rows: 57 bytes encode to exactly one 76-character base64 line. */
export class Base64Pool {
  private readonly rows: string[] = [];
  private readonly bytes: Buffer;

  constructor(random: Random, rowCount = 4096) {
    this.bytes = random.bytes(rowCount * 57);
    for (let i = 0; i < rowCount; i++) this.rows.push(this.bytes.subarray(i * 57, (i + 1) * 57).toString('base64'));
  }

  /** Base64 lines for `size` random-looking bytes that start with `magic` (so file sniffers agree with the type). */
  lines(random: Random, size: number, magic: Buffer): string {
    const rowCount = Math.max(1, Math.floor(size / 57));
    const start = random.int(0, this.rows.length - rowCount);
    const first = Buffer.concat([magic, this.bytes.subarray(start * 57 + magic.length, (start + 1) * 57)]);
    const tail = this.bytes.subarray(0, size % 57);
    const lines = [first.toString('base64'), ...this.rows.slice(start + 1, start + rowCount)];
    if (tail.length > 0) lines.push(tail.toString('base64'));
    return lines.join('\r\n') + '\r\n';
  }
}

export function attachmentPart(random: Random, pool: Base64Pool): Part {
  const file = random.pick(ATTACHMENTS);
  // Squared: mostly small files with a long tail up to ~100 KB, like a real inbox.
  const size = 3000 + Math.floor(97_000 * random.next() ** 2);
  const ascii = /^[\x20-\x7e]*$/.test(file.name);
  const quotedName = ascii ? `"${file.name}"` : `"${encodeWords(file.name)}"`;
  const disposition = ascii ? `filename="${file.name}"` : `filename*=${rfc2231(file.name)}`;
  return {
    headers: [
      `Content-Type: ${file.type}; name=${quotedName}`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; ${disposition}`,
    ],
    body: Buffer.from(pool.lines(random, size, Buffer.from(file.magic, 'latin1')), 'latin1'),
  };
}

export function multipart(subtype: 'alternative' | 'mixed', parts: Part[], boundary: string): Part {
  const chunks: Buffer[] = [];
  if (subtype === 'mixed') chunks.push(Buffer.from('This is a multi-part message in MIME format.\r\n', 'latin1'));
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n${part.headers.join('\r\n')}\r\n\r\n`, 'latin1'), part.body);
    // The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
    chunks.push(Buffer.from('\r\n', 'latin1'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return { headers: [`Content-Type: multipart/${subtype};\r\n boundary="${boundary}"`], body: Buffer.concat(chunks) };
}
