import libmime from 'libmime';
import addressparser from 'nodemailer/lib/addressparser';

import type { MailAddress } from '../../contract';

export interface MessageSummary {
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  date: number | null;
  messageId: string | null;
  inReplyTo: string | null;
  /** See MessageHeader.references. */
  references: string[];
  hasAttachments: boolean;
  snippet: string;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LFLF = Buffer.from('\n\n');
const MAX_HEADER_BYTES = 256 * 1024;

/** Header block end; a message with no blank line is all headers (RFC 5322 allows no body). */
const headerEnd = (bytes: Buffer): { end: number; bodyStart: number } => {
  const crlf = bytes.indexOf(CRLFCRLF);
  const lf = bytes.indexOf(LFLF);
  if (crlf !== -1 && (lf === -1 || crlf <= lf)) return { end: crlf, bodyStart: crlf + 4 };
  if (lf !== -1) return { end: lf, bodyStart: lf + 2 };
  return { end: bytes.length, bodyStart: bytes.length };
};

/** Raw 8-bit headers (RFC 6532) are UTF-8 when they decode as such, else read as Latin-1. */
const decodeRaw = (raw: Buffer): string => {
  const utf8 = raw.toString('utf8');
  return utf8.includes('\uFFFD') ? raw.toString('latin1') : utf8;
};

export const parseHeaderBlock = (block: Buffer): Map<string, string[]> => {
  const headers = new Map<string, string[]>();
  const unfolded = decodeRaw(block).replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const list = headers.get(name) ?? [];
    list.push(line.slice(colon + 1).trim());
    headers.set(name, list);
  }
  return headers;
};

const safeDecodeWords = (value: string): string => {
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
};

const toAddresses = (value: string | undefined): MailAddress[] => {
  if (!value) return [];
  try {
    return addressparser(value, { flatten: true }).map((a) => ({ name: safeDecodeWords(a.name ?? ''), address: a.address ?? '' }));
  } catch {
    return [{ name: safeDecodeWords(value), address: '' }];
  }
};

const firstId = (value: string | undefined): string | null => value?.match(/<[^<>\s]+>/)?.[0] ?? null;

/** The Message-IDs of a References header (or of a text holding only it), the nearest 50, each at most 998 bytes. */
export const referencesOf = (value: string | undefined): string[] =>
  (value?.match(/<[^<>\s]{1,996}>/g) ?? []).slice(-50);

const decodeBody = (body: Buffer, encoding: string, charset: string): string => {
  let raw: Buffer = body;
  if (encoding === 'base64') raw = Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  else if (encoding === 'quoted-printable') {
    raw = Buffer.from(
      body
        .toString('latin1')
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    );
  }
  try {
    return libmime.decode(raw, charset || 'utf-8');
  } catch {
    return raw.toString('latin1');
  }
};

const SNIPPET_SCAN = 64 * 1024;

/** The first text/plain part's opening words, found without a full MIME parse. */
const snippetOf = (headers: Map<string, string[]>, body: Buffer): string => {
  const type = libmime.parseHeaderValue(headers.get('content-type')?.[0] ?? 'text/plain');
  const mime = type.value.toLowerCase();
  const encoding = (headers.get('content-transfer-encoding')?.[0] ?? '7bit').toLowerCase().trim();
  let text = '';
  if (mime === 'text/plain') {
    text = decodeBody(body.subarray(0, SNIPPET_SCAN), encoding, type.params.charset ?? '');
  } else if (mime.startsWith('multipart/') && type.params.boundary) {
    const delimiter = Buffer.from(`--${type.params.boundary}`);
    const scan = body.subarray(0, SNIPPET_SCAN * 4);
    let at = scan.indexOf(delimiter);
    while (at !== -1 && !text) {
      const next = scan.indexOf(delimiter, at + delimiter.length);
      const part = scan.subarray(at + delimiter.length, next === -1 ? scan.length : next);
      const { end, bodyStart } = headerEnd(part);
      const partHeaders = parseHeaderBlock(part.subarray(0, end));
      const partType = libmime.parseHeaderValue(partHeaders.get('content-type')?.[0] ?? 'text/plain');
      if (partType.value.toLowerCase() === 'text/plain' && !/attachment/i.test(partHeaders.get('content-disposition')?.[0] ?? '')) {
        const enc = (partHeaders.get('content-transfer-encoding')?.[0] ?? '7bit').toLowerCase().trim();
        text = decodeBody(part.subarray(bodyStart), enc, partType.params.charset ?? '');
      } else if (partType.value.toLowerCase().startsWith('multipart/') && partType.params.boundary) {
        return snippetOf(partHeaders, part.subarray(bodyStart));
      }
      at = next;
    }
  }
  return text.replace(/^>.*$/gm, '').replace(/\s+/g, ' ').trim().slice(0, 200);
};

/**
 * What the message list needs, read from the raw bytes without mailparser: a full parse costs more
 * than the download itself (issue #3's measurements), so the reader parses lazily when opened.
 */
export const summarize = (source: Uint8Array): MessageSummary => {
  const bytes = Buffer.isBuffer(source) ? source : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  const { end, bodyStart } = headerEnd(bytes);
  const headers = parseHeaderBlock(bytes.subarray(0, Math.min(end, MAX_HEADER_BYTES)));
  const one = (name: string) => headers.get(name)?.[0];
  const dateMs = one('date') ? Date.parse(one('date')!.replace(/\s*\([^)]*\)\s*$/, '')) : NaN;
  const contentType = (one('content-type') ?? '').toLowerCase();
  const body = bytes.subarray(bodyStart);
  let snippet = '';
  try {
    snippet = snippetOf(headers, body);
  } catch {
    snippet = '';
  }
  return {
    subject: safeDecodeWords(one('subject') ?? ''),
    from: toAddresses(one('from')),
    to: toAddresses(headers.get('to')?.join(', ')),
    cc: toAddresses(headers.get('cc')?.join(', ')),
    date: Number.isNaN(dateMs) ? null : dateMs,
    messageId: firstId(one('message-id')),
    inReplyTo: firstId(one('in-reply-to')),
    references: referencesOf(headers.get('references')?.join(' ')),
    hasAttachments:
      contentType.startsWith('multipart/mixed') ||
      /content-disposition:\s*attachment/i.test(body.subarray(0, 512 * 1024).toString('latin1')),
    snippet,
  };
};
