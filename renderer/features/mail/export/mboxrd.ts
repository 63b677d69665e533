/**
 * mboxrd (the "From_ line + >From quoting" variant, as Thunderbird, mutt and Python's mailbox
 * read it), byte for byte:
 * - each message starts with a From_ line: `From <sender> <asctime date>\n`;
 * - inside a message, every line matching /^>*From / gets one more '>' (so quoting is reversible:
 *   `>From ` becomes `>>From `, and reading removes exactly one);
 * - each message is followed by exactly one '\n', whatever its own line endings (CRLF stays CRLF).
 * Reading reverses all three, so `readMboxrd(writeMboxrd(m))` gives back every message's exact
 * bytes: an export is a backup (invariant 3), not an approximation.
 */

export interface MboxEntry {
  bytes: Uint8Array;
  /** Envelope sender for the From_ line; 'MAILER-DAEMON' when unknown. */
  sender?: string;
  /** ms since epoch, for the From_ line. */
  date?: number;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** C asctime() in UTC: "Thu Jan  1 00:00:00 1970". */
export const asctime = (ms: number): string => {
  const d = new Date(Number.isFinite(ms) ? ms : 0);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(
    d.getUTCMinutes(),
  )}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
};

/** A From_ line's address must be one token: no spaces, no line breaks. */
const envelopeSender = (sender: string | undefined): string => {
  const cleaned = (sender ?? '').replace(/[\s\u0000-\u001f\u007f]+/g, '');
  return cleaned || 'MAILER-DAEMON';
};

const LF = 0x0a;
const GT = 0x3e;
const FROM = [0x46, 0x72, 0x6f, 0x6d, 0x20]; // "From "

/** Does a line starting at `at` match /^>*From /? */
const isFromLine = (bytes: Uint8Array, at: number): boolean => {
  let i = at;
  while (bytes[i] === GT) i++;
  for (let j = 0; j < FROM.length; j++) if (bytes[i + j] !== FROM[j]) return false;
  return true;
};

/** Line starts (offsets) of lines matching /^>*From / in one message. */
const quotedLineStarts = (bytes: Uint8Array): number[] => {
  const starts: number[] = [];
  for (let at = 0; at < bytes.length;) {
    if (isFromLine(bytes, at)) starts.push(at);
    const nl = bytes.indexOf(LF, at);
    if (nl === -1) break;
    at = nl + 1;
  }
  return starts;
};

const encoder = new TextEncoder();

/** One message as mboxrd chunks (for a Blob: no copy of the whole mailbox in one array). */
export const mboxrdChunks = (entry: MboxEntry): Uint8Array[] => {
  const chunks: Uint8Array[] = [encoder.encode(`From ${envelopeSender(entry.sender)} ${asctime(entry.date ?? 0)}\n`)];
  let from = 0;
  for (const at of quotedLineStarts(entry.bytes)) {
    chunks.push(entry.bytes.subarray(from, at), Uint8Array.of(GT));
    from = at;
  }
  chunks.push(entry.bytes.subarray(from), Uint8Array.of(LF));
  return chunks;
};

const concat = (chunks: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
};

export const writeMboxrd = (entries: MboxEntry[]): Uint8Array => concat(entries.flatMap(mboxrdChunks));

/**
 * Splits an mboxrd file back into messages' exact bytes. A From_ line is "From " at the start of
 * the file or right after '\n'; quoted lines inside messages never match it.
 */
export const readMboxrd = (mbox: Uint8Array): Uint8Array[] => {
  const separators: { start: number; bodyStart: number }[] = [];
  for (let at = 0; at < mbox.length;) {
    const nl = mbox.indexOf(LF, at);
    const lineEnd = nl === -1 ? mbox.length : nl;
    if (FROM.every((b, j) => mbox[at + j] === b)) separators.push({ start: at, bodyStart: Math.min(mbox.length, lineEnd + 1) });
    if (nl === -1) break;
    at = nl + 1;
  }
  return separators.map(({ bodyStart }, i) => {
    const next = separators[i + 1]?.start ?? mbox.length;
    // The writer put exactly one '\n' after each message.
    const end = next > bodyStart && mbox[next - 1] === LF ? next - 1 : next;
    const body = mbox.subarray(bodyStart, end);
    const starts = quotedLineStarts(body).filter((s) => body[s] === GT);
    const out = new Uint8Array(body.length - starts.length);
    let from = 0;
    let to = 0;
    for (const s of starts) {
      out.set(body.subarray(from, s), to);
      to += s - from;
      from = s + 1;
    }
    out.set(body.subarray(from), to);
    return out;
  });
};
