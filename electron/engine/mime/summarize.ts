import iconv from 'iconv-lite';
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
  // Only an LFLF before the CRLFCRLF can win; in a CRLF message there is none, and looking for it
  // past the headers scanned every whole message a second time.
  const lf = (crlf === -1 ? bytes : bytes.subarray(0, crlf + 1)).indexOf(LFLF);
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
  // Without "=?" libmime only strips its own join marker, so a plain value is returned as it is.
  if (!value.includes('=?') && !value.includes('__\x00JOIN\x00__')) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
};

type Parsed = ReturnType<typeof addressparser>[number];

/**
 * A group (RFC 5322 §3.4, "undisclosed-recipients:;") is listed as IMAP's ENVELOPE lists it: its
 * name with no address, then its members. So a message reads the same whether its list fields came
 * from the server's ENVELOPE or from its own header, and an empty group still says who it went to.
 */
const withGroups = (list: Parsed[]): MailAddress[] =>
  list.flatMap((a) =>
    a.group
      ? [{ name: safeDecodeWords(a.name ?? ''), address: '' }, ...withGroups(a.group)]
      : [{ name: safeDecodeWords(a.name ?? ''), address: a.address ?? '' }],
  );

const parseAddresses = (value: string): MailAddress[] => {
  try {
    return withGroups(addressparser(value));
  } catch {
    return [{ name: safeDecodeWords(value), address: '' }];
  }
};

const ADDRESS_CACHE_SIZE = 256;
const ADDRESS_CACHE_MAX_VALUE = 1024;
/** Parsed From/To/Cc values; long values are not kept, so the cache stays small whatever arrives. */
const addressCache = new Map<string, MailAddress[]>();

/**
 * Most of a mailbox repeats a few address lines (the owner in To, the usual senders in From), and
 * parsing and decoding them was the largest cost left in a summary. Callers get their own copies.
 */
const toAddresses = (value: string | undefined): MailAddress[] => {
  if (!value) return [];
  if (value.length > ADDRESS_CACHE_MAX_VALUE) return parseAddresses(value);
  let parsed = addressCache.get(value);
  if (parsed) {
    // Least recently used goes first: a stream of one-off Cc lists must not push out the owner.
    addressCache.delete(value);
  } else {
    parsed = parseAddresses(value);
    if (addressCache.size >= ADDRESS_CACHE_SIZE) addressCache.delete(addressCache.keys().next().value as string);
  }
  addressCache.set(value, parsed);
  return parsed.map((a) => ({ ...a }));
};

const firstId = (value: string | undefined): string | null => value?.match(/<[^<>\s]+>/)?.[0] ?? null;

/** The Message-IDs of a References header (or of a text holding only it), the nearest 50, each at most 998 bytes. */
export const referencesOf = (value: string | undefined): string[] => (value?.match(/<[^<>\s]{1,996}>/g) ?? []).slice(-50);

/**
 * A text part's bytes in its declared charset, UTF-8 when none is declared, with iconv-lite (what
 * mailparser decodes with, so the list's snippet reads as the opened message does; Node 20's
 * TextDecoder reads windows-1252 as Latin-1). A charset nobody knows is read as Latin-1, which
 * never fails. (This called libmime.decode, which libmime 5 does not have: every snippet was read
 * as Latin-1, so "café" showed as "cafÃ©".)
 */
const decodeCharset = (raw: Buffer, charset: string): string => {
  const label = charset.trim() || 'utf-8';
  return iconv.encodingExists(label) ? iconv.decode(raw, label) : raw.toString('latin1');
};

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
  return decodeCharset(raw, charset);
};

const SNIPPET_SCAN = 64 * 1024;
const SNIPPET_LENGTH = 200;
const FIRST_LINES = 1024;

/**
 * Text without quoted lines, each run of white space made one space: the snippet is its first 200
 * characters. A lone space is not replaced by itself: those were most of the matches, at a cost each.
 */
const tidy = (text: string): string =>
  text
    .replace(/^>.*$/gm, '')
    .replace(/\s{2,}|[^\S ]/g, ' ')
    .trim();

/**
 * tidy(text), or once that is long enough, a string of at least 200 characters it starts with.
 * Quoted lines and runs of white space never span a line break's end, so the lines up to one tidy
 * to the start of the whole (plus one space for the break); with 200 characters, that start is the
 * snippet, whatever follows.
 */
const tidyHead = (text: string): string => {
  for (let size = 2 * SNIPPET_LENGTH; size < text.length; size *= 4) {
    const cut = text.lastIndexOf('\n', size - 1);
    if (cut === -1) continue;
    const head = tidy(text.slice(0, cut + 1));
    if (head.length >= SNIPPET_LENGTH) return head;
  }
  return tidy(text);
};

/**
 * Charsets in which a line break byte is a whole character on its own (UTF-8, single-byte sets), so
 * bytes cut right after one decode to a prefix of the whole text.
 */
const LINE_SAFE_CHARSET = /^\s*(?:utf-?8|(?:us-)?ascii|latin1|iso-8859-(?:[1-9]|1[0-6])|windows-125[0-8])\s*$/i;

/** Just past the last line break before `size`; in QP not a soft break, so no =XX spans the cut. */
const lineCut = (body: Buffer, size: number, qp: boolean): number => {
  for (let at = body.lastIndexOf(0x0a, size - 1); at > 0; at = body.lastIndexOf(0x0a, at - 1)) {
    const soft = qp && (body[at - 1] === 0x3d || (body[at - 1] === 0x0d && body[at - 2] === 0x3d));
    if (!soft) return at + 1;
  }
  return -1;
};

/**
 * The part's text, or only its first lines when their tidy text already holds the snippet: decoding
 * and tidying all 64 KB of a long part cost more than the rest of the summary. A prefix ending in a
 * line break decodes to a prefix of the text ending in one (see LINE_SAFE_CHARSET, lineCut), and
 * nothing after that break can change the first 200 tidy characters once there are that many.
 * Base64 is always decoded whole: where a cut falls in it depends on the runtime's decoder.
 */
const partText = (body: Buffer, encoding: string, charset: string): string => {
  if (encoding !== 'base64' && LINE_SAFE_CHARSET.test(charset || 'utf-8')) {
    for (let size = FIRST_LINES; size < body.length; size *= 4) {
      const cut = lineCut(body, size, encoding === 'quoted-printable');
      if (cut === -1) continue;
      const text = decodeBody(body.subarray(0, cut), encoding, charset);
      if (tidyHead(text).length >= SNIPPET_LENGTH) return text;
    }
  }
  return decodeBody(body, encoding, charset);
};

/** The first text/plain part's opening words, found without a full MIME parse. */
const snippetOf = (headers: Map<string, string[]>, body: Buffer): string => {
  const type = libmime.parseHeaderValue(headers.get('content-type')?.[0] ?? 'text/plain');
  const mime = type.value.toLowerCase();
  const encoding = (headers.get('content-transfer-encoding')?.[0] ?? '7bit').toLowerCase().trim();
  let text = '';
  if (mime === 'text/plain') {
    text = partText(body.subarray(0, SNIPPET_SCAN), encoding, type.params.charset ?? '');
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
        text = partText(part.subarray(bodyStart), enc, partType.params.charset ?? '');
      } else if (partType.value.toLowerCase().startsWith('multipart/') && partType.params.boundary) {
        return snippetOf(partHeaders, part.subarray(bodyStart));
      }
      at = next;
    }
  }
  return tidyHead(text).slice(0, SNIPPET_LENGTH);
};

const ATTACHMENT_SCAN = 512 * 1024;
/** "content-disposition" has its hyphen 7 bytes in; "-d" is rare, and never in base64. */
const HYPHEN_D = [Buffer.from('-d'), Buffer.from('-D')];
const DISPOSITION_NAME = /^content-disposition:\s*/i;
const ATTACHMENT_DISPOSITION = /^content-disposition:\s*attachment/i;

/** Whether an attachment disposition starts at `start`, read from a small window of the scan. */
const attachmentAt = (scan: Buffer, start: number): boolean => {
  for (let size = 64; ; size *= 4) {
    const end = Math.min(scan.length, start + size);
    const window = scan.toString('latin1', start, end);
    const name = DISPOSITION_NAME.exec(window);
    if (!name) return false;
    // The white space after the colon has no bound: widen until the value fits or the scan ends.
    if (name[0].length + 'attachment'.length <= window.length || end === scan.length) return ATTACHMENT_DISPOSITION.test(window);
  }
};

/**
 * `Content-Disposition: attachment` anywhere in the first 512 KB of the body, in any letter case.
 * Found with native byte searches rather than a regex over a latin1 copy of those 512 KB, so a
 * message with large attachments costs no string of their size.
 */
const hasAttachmentDisposition = (body: Buffer): boolean => {
  const scan = body.subarray(0, ATTACHMENT_SCAN);
  for (const needle of HYPHEN_D) {
    for (let at = scan.indexOf(needle, 7); at !== -1; at = scan.indexOf(needle, at + 1)) {
      // A "c" or "C" first, before a window string is made: "-d" alone is common in prose.
      if ((scan[at - 7] | 0x20) === 0x63 && attachmentAt(scan, at - 7)) return true;
    }
  }
  return false;
};

/** The fields of a summary that the message's header block alone gives. */
export type HeaderSummary = Omit<MessageSummary, 'hasAttachments' | 'snippet'>;

const headerFields = (headers: Map<string, string[]>): HeaderSummary => {
  const one = (name: string) => headers.get(name)?.[0];
  const dateMs = one('date') ? Date.parse(one('date')!.replace(/\s*\([^)]*\)\s*$/, '')) : NaN;
  return {
    subject: safeDecodeWords(one('subject') ?? ''),
    from: toAddresses(one('from')),
    to: toAddresses(headers.get('to')?.join(', ')),
    cc: toAddresses(headers.get('cc')?.join(', ')),
    date: Number.isNaN(dateMs) ? null : dateMs,
    messageId: firstId(one('message-id')),
    inReplyTo: firstId(one('in-reply-to')),
    references: referencesOf(headers.get('references')?.join(' ')),
  };
};

const asBuffer = (source: Uint8Array): Buffer =>
  Buffer.isBuffer(source) ? source : Buffer.from(source.buffer, source.byteOffset, source.byteLength);

const headersOf = (bytes: Buffer): { headers: Map<string, string[]>; bodyStart: number } => {
  const { end, bodyStart } = headerEnd(bytes);
  return { headers: parseHeaderBlock(bytes.subarray(0, Math.min(end, MAX_HEADER_BYTES))), bodyStart };
};

/** summarize() without what needs the body: only the header block is read. */
export const summarizeHeader = (source: Uint8Array): HeaderSummary => headerFields(headersOf(asBuffer(source)).headers);

/**
 * What the message list needs, read from the raw bytes without mailparser: a full parse costs more
 * than the download itself (issue #3's measurements), so the reader parses lazily when opened.
 */
export const summarize = (source: Uint8Array): MessageSummary => {
  const bytes = asBuffer(source);
  const { headers, bodyStart } = headersOf(bytes);
  const contentType = (headers.get('content-type')?.[0] ?? '').toLowerCase();
  const body = bytes.subarray(bodyStart);
  let snippet = '';
  try {
    snippet = snippetOf(headers, body);
  } catch {
    snippet = '';
  }
  return {
    ...headerFields(headers),
    hasAttachments: contentType.startsWith('multipart/mixed') || hasAttachmentDisposition(body),
    snippet,
  };
};
