/**
 * A small, bounded MIME walker over a message's stored bytes, for what the engine's `mime:parse`
 * does not return: the bytes of inline (cid:) images and of attachments, and (through its pieces:
 * readEntity, multipartRanges, decodeTransfer) the body text the store's search index reads
 * (store/search/body-text.ts). It only finds and decodes parts; mailparser stays the parser of
 * record for everything else. It runs in the window and in the store worker (no DOM, no Node).
 * Hostile input is the norm: depth, part count and header size are capped, and nothing throws.
 */

export interface MimePart {
  /** Lower-cased `type/subtype`. */
  contentType: string;
  charset: string | null;
  /** Without angle brackets. */
  contentId: string | null;
  filename: string | null;
  disposition: 'inline' | 'attachment' | null;
  /** Lower-cased Content-Transfer-Encoding. */
  encoding: string;
  /** Where the encoded body lies in the message bytes. */
  start: number;
  end: number;
}

const MAX_DEPTH = 20;
const MAX_PARTS = 1_000;
const MAX_HEADER_BYTES = 64 * 1024;

const latin1 = new TextDecoder('latin1');

const indexOfBytes = (haystack: Uint8Array, needle: Uint8Array, from: number, to = haystack.length): number => {
  const first = needle[0];
  outer: for (let i = haystack.indexOf(first!, from); i !== -1 && i + needle.length <= to; i = haystack.indexOf(first!, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
};

/** End of the header block and start of the body; a part with no blank line is all headers. */
const splitHeader = (bytes: Uint8Array, start: number, end: number): { headerEnd: number; bodyStart: number } => {
  const limit = Math.min(end, start + MAX_HEADER_BYTES);
  for (let i = start; i < limit; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (bytes[i + 1] === 0x0a) return { headerEnd: i, bodyStart: i + 2 };
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) return { headerEnd: i, bodyStart: i + 3 };
  }
  // A part that opens with an empty line has no headers.
  if (bytes[start] === 0x0a) return { headerEnd: start, bodyStart: start + 1 };
  if (bytes[start] === 0x0d && bytes[start + 1] === 0x0a) return { headerEnd: start, bodyStart: start + 2 };
  return { headerEnd: limit, bodyStart: limit };
};

export const parseHeaders = (text: string): Map<string, string> => {
  const headers = new Map<string, string>();
  for (const line of text.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // The first occurrence wins, as in most parsers; a repeated Content-Type is itself suspicious.
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
};

/** `type/sub; a=b; c="d e"` with RFC 2231 continuations and charsets (`name*0*=utf-8''…`). */
export const parseHeaderValue = (value: string): { value: string; params: Map<string, string> } => {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '"' && value[i - 1] !== '\\') quoted = !quoted;
    if (ch === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  const params = new Map<string, string>();
  const continued = new Map<string, { index: number; text: string; encoded: boolean }[]>();
  for (const raw of parts.slice(1)) {
    const eq = raw.indexOf('=');
    if (eq <= 0) continue;
    const key = raw.slice(0, eq).trim().toLowerCase();
    let val = raw.slice(eq + 1).trim();
    // A quote left open (`boundary="b`) still means the quoted text: senders do write that.
    if (val.startsWith('"')) val = val.slice(1, val.endsWith('"') && val.length >= 2 ? -1 : undefined).replace(/\\(.)/g, '$1');
    // name* (one encoded piece), name*0, name*1* … (continuations, encoded when ending in *).
    const m = /^([^*]+)\*(\d+)?\*?$/.exec(key);
    if (m) {
      const list = continued.get(m[1]!) ?? [];
      list.push({ index: Number(m[2] ?? 0), text: val, encoded: key.endsWith('*') });
      continued.set(m[1]!, list);
    } else params.set(key, val);
  }
  for (const [name, pieces] of continued) {
    pieces.sort((a, b) => a.index - b.index);
    let charset = 'utf-8';
    const bytes: number[] = [];
    pieces.forEach((piece, i) => {
      let text = piece.text;
      if (piece.encoded && i === 0) {
        const m = /^([^']*)'[^']*'(.*)$/.exec(text);
        if (m) {
          charset = m[1] || 'utf-8';
          text = m[2]!;
        }
      }
      if (piece.encoded) {
        for (let j = 0; j < text.length; j++) {
          if (text[j] === '%' && /^[0-9a-f]{2}$/i.test(text.slice(j + 1, j + 3))) {
            bytes.push(parseInt(text.slice(j + 1, j + 3), 16));
            j += 2;
          } else bytes.push(...new TextEncoder().encode(text[j]!));
        }
      } else bytes.push(...new TextEncoder().encode(text));
    });
    params.set(name, decodeCharset(new Uint8Array(bytes), charset));
  }
  return { value: (parts[0] ?? '').trim().toLowerCase(), params };
};

const decodeCharset = (bytes: Uint8Array, charset: string): string => {
  try {
    return new TextDecoder(charset.trim() || 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
};

/** RFC 2047 encoded words in a header value (file names). */
export const decodeEncodedWords = (value: string): string =>
  value
    .replace(/(=\?[^?\s]+\?[bq]\?[^?\s]*\?=)\s+(?==\?)/gi, '$1')
    .replace(/=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bq])\?([^?\s]*)\?=/gi, (_m, charset: string, enc: string, text: string) => {
      if (enc.toLowerCase() === 'b') {
        try {
          return decodeCharset(
            Uint8Array.from(atob(text.replace(/[^A-Za-z0-9+/=]/g, '')), (c) => c.charCodeAt(0)),
            charset,
          );
        } catch {
          return text;
        }
      }
      const bytes: number[] = [];
      for (let i = 0; i < text.length; i++) {
        const ch = text[i]!;
        if (ch === '_') bytes.push(0x20);
        else if (ch === '=' && /^[0-9a-f]{2}$/i.test(text.slice(i + 1, i + 3))) {
          bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
          i += 2;
        } else bytes.push(ch.charCodeAt(0) & 0xff);
      }
      return decodeCharset(new Uint8Array(bytes), charset);
    });

/** One entity of `bytes[start, end)`: its headers (unfolded, names lower-cased) and where its body starts. */
export const readEntity = (bytes: Uint8Array, start: number, end: number): { headers: Map<string, string>; bodyStart: number } => {
  const { headerEnd, bodyStart } = splitHeader(bytes, start, end);
  return { headers: parseHeaders(latin1.decode(bytes.subarray(start, headerEnd))), bodyStart };
};

/**
 * The parts of a multipart body in `bytes[bodyStart, end)`, as byte ranges between its delimiter
 * lines (RFC 2046 §5.1.1): preamble and epilogue dropped, at most `maxParts`. A part without a close
 * delimiter runs to `end`.
 */
export const multipartRanges = (
  bytes: Uint8Array,
  bodyStart: number,
  end: number,
  boundary: string,
  maxParts: number,
): { start: number; end: number }[] => {
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const positions: number[] = [];
  for (
    let at = indexOfBytes(bytes, delimiter, bodyStart, end);
    at !== -1;
    at = indexOfBytes(bytes, delimiter, at + delimiter.length, end)
  ) {
    // A delimiter counts only at the start of a line.
    if (at === bodyStart || bytes[at - 1] === 0x0a) positions.push(at);
  }
  const ranges: { start: number; end: number }[] = [];
  for (let i = 0; i < positions.length && ranges.length < maxParts; i++) {
    const after = positions[i]! + delimiter.length;
    if (bytes[after] === 0x2d && bytes[after + 1] === 0x2d) break; // close delimiter
    const lineEnd = bytes.indexOf(0x0a, after);
    if (lineEnd === -1 || lineEnd >= end) break;
    // The CRLF before the next delimiter belongs to the delimiter.
    let partEnd = positions[i + 1] ?? end;
    if (bytes[partEnd - 1] === 0x0a) partEnd--;
    if (bytes[partEnd - 1] === 0x0d) partEnd--;
    ranges.push({ start: lineEnd + 1, end: Math.max(lineEnd + 1, partEnd) });
  }
  return ranges;
};

const walk = (bytes: Uint8Array, start: number, end: number, depth: number, out: MimePart[]): void => {
  if (out.length >= MAX_PARTS) return;
  const { headers, bodyStart } = readEntity(bytes, start, end);
  const type = parseHeaderValue(headers.get('content-type') ?? 'text/plain');
  const boundary = type.params.get('boundary');
  if (type.value.startsWith('multipart/') && boundary && depth < MAX_DEPTH) {
    for (const part of multipartRanges(bytes, bodyStart, end, boundary, MAX_PARTS)) walk(bytes, part.start, part.end, depth + 1, out);
    return;
  }
  const disposition = parseHeaderValue(headers.get('content-disposition') ?? '');
  const rawName = disposition.params.get('filename') ?? type.params.get('name') ?? null;
  const cid = headers.get('content-id')?.trim().replace(/^<|>$/g, '') || null;
  out.push({
    contentType: type.value || 'text/plain',
    charset: type.params.get('charset') ?? null,
    contentId: cid,
    filename: rawName === null ? null : decodeEncodedWords(rawName),
    disposition: disposition.value === 'attachment' ? 'attachment' : disposition.value === 'inline' ? 'inline' : null,
    encoding: (headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase(),
    start: bodyStart,
    end: Math.max(bodyStart, end),
  });
};

/** Every leaf part of a message, in order. */
export const mimeParts = (bytes: Uint8Array): MimePart[] => {
  const out: MimePart[] = [];
  walk(bytes, 0, bytes.length, 0, out);
  return out;
};

const decodeBase64 = (bytes: Uint8Array): Uint8Array => {
  const text = latin1.decode(bytes).replace(/[^A-Za-z0-9+/]/g, '');
  const usable = text.slice(0, text.length - (text.length % 4 === 1 ? 1 : 0));
  const padded = usable + '='.repeat((4 - (usable.length % 4)) % 4);
  try {
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  } catch {
    return new Uint8Array();
  }
};

const decodeQuotedPrintable = (bytes: Uint8Array): Uint8Array => {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  const hex = (b: number | undefined) =>
    b === undefined ? -1 : b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x41 && b <= 0x46 ? b - 55 : b >= 0x61 && b <= 0x66 ? b - 87 : -1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x3d) {
      out[n++] = b;
      continue;
    }
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a)
      i += 2; // soft line break
    else if (bytes[i + 1] === 0x0a) i += 1;
    else if (hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
      out[n++] = hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]);
      i += 2;
    } else out[n++] = b;
  }
  return out.slice(0, n);
};

/** A part's body with its Content-Transfer-Encoding (lower-cased) undone; a copy, never a view. */
export const decodeTransfer = (body: Uint8Array, encoding: string): Uint8Array => {
  if (encoding === 'base64') return decodeBase64(body);
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body.slice();
};

/** The decoded content of one leaf part. */
export const partContent = (bytes: Uint8Array, part: MimePart): Uint8Array =>
  decodeTransfer(bytes.subarray(part.start, part.end), part.encoding);
