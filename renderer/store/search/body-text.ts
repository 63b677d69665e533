/**
 * The words of a message's body, for the search index (../body-indexer.ts). Runs in the store
 * worker, so it uses only what a worker has (TextDecoder, atob; no Node Buffer, no DOM).
 *
 * It is not the reader's parser: it never renders anything, only finds text to tokenize, and it
 * treats every source as hostile (STYLE.md habit 8): bounded input, bounded output, bounded
 * nesting, and it never throws — broken MIME gives whatever text could be found, or ''.
 */

/** Only the start of a source is read: a 24 MB attachment must not stall the worker. */
export const MAX_SOURCE_BYTES = 256 * 1024;
/** At most this much text comes back; the index keeps at most 256 terms per message anyway. */
export const MAX_BODY_TEXT = 32 * 1024;
/** multipart inside multipart deeper than this is ignored (a hostile message can nest forever). */
export const MAX_DEPTH = 6;
/** Parts read per multipart. */
const MAX_PARTS = 100;

interface Entity {
  headers: Map<string, string>;
  /** The body as a "binary string": one char per byte, char code = byte value. */
  body: string;
}

interface ContentType {
  type: string;
  params: Map<string, string>;
}

type Kind = 'plain' | 'html';
interface Found {
  text: string;
  kind: Kind;
}

/** Bytes → one char per byte (no decoding), so MIME structure is found with string operations. */
const binaryString = (bytes: Uint8Array): string => {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8_192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8_192));
  }
  return out;
};

const bytesOf = (binary: string): Uint8Array => {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i) & 0xff;
  return out;
};

/** Splits an entity at the first empty line (RFC 5322 §2.1); no empty line means headers only. */
const splitEntity = (raw: string): Entity => {
  let head: string;
  let body: string;
  const leading = /^\r?\n/.exec(raw);
  if (leading) {
    head = '';
    body = raw.slice(leading[0].length);
  } else {
    const blank = /\r?\n\r?\n/.exec(raw);
    head = blank ? raw.slice(0, blank.index) : raw;
    body = blank ? raw.slice(blank.index + blank[0].length) : '';
  }
  const headers = new Map<string, string>();
  // Unfold (RFC 5322 §2.2.3): a line break followed by white space continues the field.
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // The first occurrence wins, as in most readers.
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
};

/** `type/subtype; a=b; c="d"` (RFC 2045 §5.1), lower-cased type and parameter names. */
const parseParams = (value: string): ContentType => {
  const [first = '', ...rest] = splitParams(value);
  const params = new Map<string, string>();
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq <= 0) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    let v = param.slice(eq + 1).trim();
    if (v.startsWith('"')) v = v.slice(1, v.endsWith('"') && v.length > 1 ? -1 : undefined).replace(/\\(.)/g, '$1');
    if (!params.has(name)) params.set(name, v);
  }
  return { type: first.trim().toLowerCase(), params };
};

/** Splits on `;` outside quoted strings. */
const splitParams = (value: string): string[] => {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i]!;
    if (c === '\\' && quoted && i + 1 < value.length) {
      current += c + value[i + 1]!;
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === ';' && !quoted) {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current);
  return out;
};

/** The parts of a multipart body between its delimiter lines (RFC 2046 §5.1.1); preamble and epilogue dropped. */
const splitMultipart = (body: string, boundary: string): string[] => {
  const delimiter = `--${boundary}`;
  const lineStart = (from: number): number => {
    const i = body.indexOf(`\n${delimiter}`, from);
    return i < 0 ? -1 : i + 1;
  };
  const parts: string[] = [];
  let at = body.startsWith(delimiter) ? 0 : lineStart(0);
  while (at >= 0 && parts.length < MAX_PARTS) {
    const after = at + delimiter.length;
    if (body.startsWith('--', after)) break; // the close delimiter
    const eol = body.indexOf('\n', after);
    if (eol < 0) break;
    const next = lineStart(eol);
    let end = next < 0 ? body.length : next - 1;
    if (next >= 0 && body[end - 1] === '\r') end -= 1;
    parts.push(body.slice(eol + 1, Math.max(eol + 1, end)));
    at = next;
  }
  return parts;
};

const decodeQuotedPrintable = (body: string): string =>
  body
    // A soft line break (RFC 2045 §6.7 rule 5) joins the lines; trailing white space before it is padding.
    .replace(/[ \t]*=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

const decodeBase64 = (body: string): string => {
  const clean = body.replace(/[^A-Za-z0-9+/]/g, '');
  // Drop a dangling incomplete quantum (a truncated source) rather than fail on it.
  const whole = clean.slice(0, clean.length - (clean.length % 4 === 1 ? 1 : 0));
  const padded = whole + '='.repeat((4 - (whole.length % 4)) % 4);
  try {
    return atob(padded);
  } catch {
    return '';
  }
};

const decoderFor = (label: string, fatal: boolean): TextDecoder | null => {
  try {
    return new TextDecoder(label, { fatal });
  } catch {
    return null; // an unknown charset label
  }
};

/** Bytes → text in the part's charset; an unknown or missing charset tries UTF-8, then Windows-1252. */
const decodeCharset = (binary: string, charset: string | undefined): string => {
  const bytes = bytesOf(binary);
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

const isAttachment = (entity: Entity): boolean => /^\s*attachment\b/i.test(entity.headers.get('content-disposition') ?? '');

/** The text of one entity; null when it holds none worth indexing (an attachment, an image…). */
const textOf = (entity: Entity, depth: number): Found | null => {
  if (isAttachment(entity)) return null;
  const contentType = parseParams(entity.headers.get('content-type') || 'text/plain');
  const type = contentType.type || 'text/plain';
  if (type.startsWith('multipart/')) {
    const boundary = contentType.params.get('boundary');
    if (!boundary || depth >= MAX_DEPTH) return null;
    const found = splitMultipart(entity.body, boundary)
      .map((part) => textOf(splitEntity(part), depth + 1))
      .filter((f): f is Found => f !== null && f.text.trim() !== '');
    if (found.length === 0) return null;
    // Alternatives say the same thing twice: take the plain text one (RFC 2046 §5.1.4), else HTML.
    if (type === 'multipart/alternative') return found.find((f) => f.kind === 'plain') ?? found[0]!;
    return { text: joinBounded(found.map((f) => f.text)), kind: found.every((f) => f.kind === 'html') ? 'html' : 'plain' };
  }
  if (type === 'message/rfc822' || type === 'message/global') {
    return depth >= MAX_DEPTH ? null : textOf(splitEntity(decodeTransfer(entity)), depth + 1);
  }
  if (type !== 'text/plain' && type !== 'text/html' && type !== 'text') return null;
  const text = decodeCharset(decodeTransfer(entity), contentType.params.get('charset'));
  return type === 'text/html' ? { text: htmlToText(text), kind: 'html' } : { text, kind: 'plain' };
};

const decodeTransfer = (entity: Entity): string => {
  const encoding = (entity.headers.get('content-transfer-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'base64') return decodeBase64(entity.body);
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(entity.body);
  return entity.body;
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
    const found = textOf(splitEntity(binaryString(source.subarray(0, MAX_SOURCE_BYTES))), 0);
    return found ? found.text.slice(0, MAX_BODY_TEXT) : '';
  } catch {
    // Hostile or broken MIME: nothing indexed from the body, and the queue moves on.
    return '';
  }
};
