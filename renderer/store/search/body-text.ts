import { decodeTransfer, multipartRanges, parseHeaderValue, readEntity } from '../../features/mail/mime/mime-parts';

/**
 * The words of a message's body, for the search index (../body-indexer.ts). Runs in the store
 * worker. The MIME structure comes from the reader's bounded byte-level walker (mime-parts.ts:
 * entities, multipart ranges, transfer decoding); this decides which parts are text worth
 * indexing. Every source is treated as hostile (STYLE.md habit 8): bounded input, bounded output,
 * bounded nesting, and it never throws — broken MIME gives whatever text could be found, or ''.
 */

/** Only the start of a source is read: a 24 MB attachment must not stall the worker. */
export const MAX_SOURCE_BYTES = 256 * 1024;
/** At most this much text comes back; the index keeps at most 256 terms per message anyway. */
export const MAX_BODY_TEXT = 32 * 1024;
/** multipart inside multipart deeper than this is ignored (a hostile message can nest forever). */
export const MAX_DEPTH = 6;
/** Parts read per multipart. */
const MAX_PARTS = 100;

type Kind = 'plain' | 'html';
interface Found {
  text: string;
  kind: Kind;
}

const decoderFor = (label: string, fatal: boolean): TextDecoder | null => {
  try {
    return new TextDecoder(label, { fatal });
  } catch {
    return null; // an unknown charset label
  }
};

/** Bytes → text in the part's charset; an unknown or missing charset tries UTF-8, then Windows-1252. */
const decodeCharset = (bytes: Uint8Array, charset: string | undefined): string => {
  const declared = charset ? decoderFor(charset.trim().toLowerCase(), false) : null;
  if (declared) return declared.decode(bytes);
  try {
    return decoderFor('utf-8', true)!.decode(bytes);
  } catch {
    return decoderFor('windows-1252', false)!.decode(bytes);
  }
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

const codePoint = (n: number): string => (Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ' ');

/** Visible text of HTML, for indexing only: scripts, styles and comments dropped, tags become spaces. */
export const htmlToText = (html: string): string =>
  html
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<(script|style|head|template)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
    .replace(/<[^>]*(>|$)/g, ' ')
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});?/gi, (match: string, name: string) => {
      if (name[0] === '#') return codePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? match;
    });

/** The text of the entity in `bytes[start, end)`; null when it holds none worth indexing (an attachment, an image…). */
const textOf = (bytes: Uint8Array, start: number, end: number, depth: number): Found | null => {
  const { headers, bodyStart } = readEntity(bytes, start, end);
  if (parseHeaderValue(headers.get('content-disposition') ?? '').value === 'attachment') return null;
  const contentType = parseHeaderValue(headers.get('content-type') || 'text/plain');
  const type = contentType.value || 'text/plain';
  if (type.startsWith('multipart/')) {
    const boundary = contentType.params.get('boundary');
    if (!boundary || depth >= MAX_DEPTH) return null;
    const found = multipartRanges(bytes, bodyStart, end, boundary, MAX_PARTS)
      .map((part) => textOf(bytes, part.start, part.end, depth + 1))
      .filter((f): f is Found => f !== null && f.text.trim() !== '');
    if (found.length === 0) return null;
    // Alternatives say the same thing twice: take the plain text one (RFC 2046 §5.1.4), else HTML.
    if (type === 'multipart/alternative') return found.find((f) => f.kind === 'plain') ?? found[0]!;
    return { text: joinBounded(found.map((f) => f.text)), kind: found.every((f) => f.kind === 'html') ? 'html' : 'plain' };
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '').trim().toLowerCase();
  const body = () => decodeTransfer(bytes.subarray(bodyStart, end), encoding);
  if (type === 'message/rfc822' || type === 'message/global') {
    if (depth >= MAX_DEPTH) return null;
    const inner = body();
    return textOf(inner, 0, inner.length, depth + 1);
  }
  if (type !== 'text/plain' && type !== 'text/html' && type !== 'text') return null;
  const text = decodeCharset(body(), contentType.params.get('charset'));
  return type === 'text/html' ? { text: htmlToText(text), kind: 'html' } : { text, kind: 'plain' };
};

const joinBounded = (texts: string[]): string => {
  let out = '';
  for (const text of texts) {
    if (out.length >= MAX_BODY_TEXT) break;
    out += (out ? '\n' : '') + text;
  }
  return out;
};

/**
 * The readable text of a message's body from its raw RFC 5322 bytes: text/plain parts preferred,
 * else text/html with its tags stripped; attachments and non-text parts skipped. Reads at most
 * MAX_SOURCE_BYTES of the source and returns at most MAX_BODY_TEXT characters. Never throws.
 */
export const bodyText = (source: Uint8Array): string => {
  try {
    const head = source.subarray(0, MAX_SOURCE_BYTES);
    const found = textOf(head, 0, head.length, 0);
    return found ? found.text.slice(0, MAX_BODY_TEXT) : '';
  } catch {
    // Hostile or broken MIME: nothing indexed from the body, and the queue moves on.
    return '';
  }
};
