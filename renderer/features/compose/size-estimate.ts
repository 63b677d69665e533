import type { DraftAttachment } from '../../../electron/contract/compose';

/** From, To, Subject, Message-ID, MIME headers and part boundaries: a little over what Homing writes. */
const HEADER_BYTES = 1_024;
/** Each attachment's part headers (Content-Type with its name, disposition, encoding, boundary). */
const PART_BYTES = 300;

/**
 * Base64 as nodemailer writes it (RFC 2045 §6.8): 4 characters per 3 bytes, in lines of 76
 * characters ended by CRLF, so 57 bytes of content become 78 bytes on the wire.
 */
export const base64Bytes = (n: number): number => Math.ceil(n / 57) * 78;

/**
 * Quoted-printable (RFC 2045 §6.7) of the text's UTF-8, line by line: printable ASCII other than
 * "=" stays one byte, every other byte becomes "=XX", lines end in CRLF, and a line longer than
 * 76 characters is cut with soft line breaks ("=" CRLF).
 */
export const quotedPrintableBytes = (text: string): number => {
  const encoder = new TextEncoder();
  let n = 0;
  for (const line of text.split(/\r?\n/)) {
    let length = 0;
    for (const byte of encoder.encode(line)) length += byte >= 32 && byte < 127 && byte !== 61 ? 1 : 3;
    n += length + Math.max(0, Math.ceil(length / 75) - 1) * 3 + 2;
  }
  return n;
};

/**
 * Short lines of plain ASCII go as they are (7bit, RFC 2045 §2.7): nodemailer encodes text only
 * when it has other characters or lines too long for mail.
 */
const sevenBit = (text: string): boolean => /^[\x20-\x7e\t\r\n]*$/.test(text) && text.split('\n').every((l) => l.length <= 76);

/** The bytes of a text part as nodemailer writes it: 7bit when it can, else quoted-printable. */
export const textPartBytes = (text: string): number =>
  sevenBit(text) ? text.replace(/\r?\n/g, '\r\n').length + 2 : quotedPrintableBytes(text);

/**
 * What Formatting's generated HTML part (engine/compose/formatting.ts) adds to the text: a small
 * document around it, "<br>" per line, tags for each *bold* / _italic_ mark, escapes for & < > " ',
 * each link written twice (href and text). A little over, never under, for ordinary text.
 */
export const htmlExtraBytes = (text: string): number => {
  let extra = 120;
  let inQuote = false;
  for (const line of text.split('\n')) {
    const quoted = line.startsWith('>');
    // A quote block's tags, once per block; its "> " marks themselves are dropped.
    if (quoted && !inQuote) extra += 40;
    if (quoted) extra -= 2;
    inQuote = quoted;
    extra += 4;
  }
  extra += Math.ceil((text.match(/[*_]/g) ?? []).length * 2.5);
  extra += (text.match(/[&<>"']/g) ?? []).length * 4;
  extra += (text.match(/\b(https?:\/\/|mailto:)[^\s<>"']+/g) ?? []).reduce((n, url) => n + url.length + 17, 0);
  return extra;
};

/**
 * The size of the message on the wire, estimated from the draft: headers, the text (and with
 * Formatting its HTML part too), and each attachment: base64 inflates files by about 4/3, plus a
 * line end every 76 characters; a forwarded message travels as its own bytes (nodemailer never
 * re-encodes message/rfc822).
 */
export const estimateMessageSize = (draft: {
  text: string;
  format: 'plain' | 'formatted';
  attachments: readonly DraftAttachment[];
}): number => {
  const text = textPartBytes(draft.text);
  // Encoded, the HTML part's markup "=" become "=3D" and its long lines are cut: 3% more.
  const html =
    draft.format === 'formatted' ? PART_BYTES + Math.ceil((text + htmlExtraBytes(draft.text)) * (sevenBit(draft.text) ? 1 : 1.03)) : 0;
  const parts = draft.attachments.reduce((n, a) => n + PART_BYTES + (a.kind === 'message' ? a.size : base64Bytes(a.size)), 0);
  return HEADER_BYTES + text + html + parts;
};

export type SizeVerdict =
  /** The server's limit is not known (yet): nothing to say, sending is not held back. */
  | { kind: 'unknown'; size: number }
  | { kind: 'fits'; size: number; limit: number }
  | { kind: 'too-large'; size: number; limit: number; over: number };

/** Whether the estimated size fits the server's advertised SIZE limit (RFC 1870). */
export const sizeVerdict = (size: number, limit: number | null | undefined): SizeVerdict => {
  if (typeof limit !== 'number' || !Number.isFinite(limit) || limit <= 0) return { kind: 'unknown', size };
  return size > limit ? { kind: 'too-large', size, limit, over: size - limit } : { kind: 'fits', size, limit };
};

/**
 * Sizes the way people read them: "830 KB", "2.1 MB", "25 MB". In units of 1024, as the
 * attachment sizes (recipients.ts formatBytes) and most mail providers' "25 MB" (26,214,400).
 */
export const readableSize = (n: number): string => {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  const mb = n / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1).replace(/\.0$/, '') : Math.round(mb)} MB`;
};

/** The composer's size line, in plain words. */
export const sizeWords = (v: SizeVerdict): string => {
  if (v.kind === 'unknown') return `About ${readableSize(v.size)}`;
  if (v.kind === 'fits') return `${readableSize(v.size)} of ${readableSize(v.limit)} this server accepts`;
  return `This message is about ${readableSize(v.size)}, but the server accepts at most ${readableSize(v.limit)}. Remove attachments (about ${readableSize(v.over)} too much) or share large files another way.`;
};
