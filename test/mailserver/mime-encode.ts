// Just enough MIME encoding to write realistic test messages. Each helper keeps lines within
// RFC 5322's 78-character recommendation where real mailers do, so parsers see familiar shapes.

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * RFC 2047 encoded-words for non-ASCII header text, split on code-point boundaries so no word carries
 * half a UTF-8 sequence (§5: each encoded-word must be self-contained), and folded between words.
 */
export function encodeWords(text: string, encoding: 'B' | 'Q' = 'B'): string {
  if (PRINTABLE_ASCII.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  // 75 is the encoded-word limit (§2); "=?UTF-8?B??=" takes 12 of it.
  const fits = (s: string): boolean => encodeChunk(s, encoding).length <= 63;
  for (const char of text) {
    if (chunk !== '' && !fits(chunk + char)) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((w) => `=?UTF-8?${encoding}?${encodeChunk(w, encoding)}?=`).join('\r\n ');
}

function encodeChunk(text: string, encoding: 'B' | 'Q'): string {
  const bytes = Buffer.from(text, 'utf8');
  if (encoding === 'B') return bytes.toString('base64');
  let out = '';
  for (const byte of bytes) {
    // §5(3): the safe set for a phrase is letters, digits and "!*+-/"; space may be written as "_".
    if (byte === 0x20) out += '_';
    else if (/[A-Za-z0-9!*+\-/]/.test(String.fromCharCode(byte))) out += String.fromCharCode(byte);
    else out += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `Name <addr>`: encoded-words if non-ASCII, a quoted-string if the name has specials (RFC 5322 §3.2.3). */
export function formatAddress(name: string, address: string, encoding: 'B' | 'Q' = 'B'): string {
  if (name === '') return address;
  if (!PRINTABLE_ASCII.test(name)) return `${encodeWords(name, encoding)} <${address}>`;
  if (/[()<>[\]:;@\\,."]/.test(name)) return `"${name.replace(/["\\]/g, '\\$&')}" <${address}>`;
  return `${name} <${address}>`;
}

/**
 * Folds a list so no header line passes 78 characters: an address list after its commas, or, with
 * `separator` '' , a References list, whose ids are separated by white space only (RFC 5322 §3.6.4).
 */
export function foldList(headerName: string, items: string[], separator = ','): string {
  let line = `${headerName}: `;
  const lines: string[] = [];
  items.forEach((item, i) => {
    const piece = i < items.length - 1 ? `${item}${separator}` : item;
    if (line.length + piece.length > 78 && !line.endsWith(': ')) {
      lines.push(line.trimEnd());
      line = ' ';
    }
    line += `${piece} `;
  });
  lines.push(line.trimEnd());
  return lines.join('\r\n');
}

/** RFC 2231 parameter value for non-ASCII filenames, the form modern mailers send. */
export function rfc2231(value: string): string {
  return `UTF-8''${encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 §3.3 date-time in the sender's zone, e.g. `Tue, 4 Mar 2025 14:22:01 +0100`. */
export function formatRfc5322Date(date: Date, offsetMinutes: number): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${DAYS[local.getUTCDay()]}, ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ` +
    `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  );
}

/** Quoted-printable (RFC 2045 §6.7) with CRLF hard breaks and soft breaks before 76 characters. */
export function quotedPrintable(text: string): string {
  return text
    .split('\r\n')
    .map((line) => {
      let out = '';
      let width = 0;
      const bytes = Buffer.from(line, 'utf8');
      bytes.forEach((byte, i) => {
        const last = i === bytes.length - 1;
        const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
        const piece = literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        if (width + piece.length > 75) {
          out += '=\r\n';
          width = 0;
        }
        out += piece;
        width += piece.length;
      });
      return out;
    })
    .join('\r\n');
}
