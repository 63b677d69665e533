import { HomingError } from '../../contract/result';
import { printable } from './errors';

const NUMBER = /^\d{1,15}$/;
// RFC 1939 §7: a unique-id is 1 to 70 characters in 0x21..0x7E. Longer ones exist in the wild; the charset is what matters.
const UNIQUE_ID = /^[\x21-\x7e]{1,512}$/;

function malformed(what: string, line: string): HomingError {
  return new HomingError('protocol_error', `malformed ${what} line: ${printable(line)}`);
}

/** Lines of a multi-line listing, CRLF (or a lone LF) removed, empty lines skipped. */
function lines(body: Buffer): string[] {
  return body
    .toString('latin1')
    .split('\n')
    .map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
    .filter((line) => line.length > 0);
}

/** "+OK nn mm" to STAT (RFC 1939 §5): message count and mailbox size in octets. */
export function parseStat(text: string): { count: number; size: number } {
  const [count, size] = text.split(' ');
  if (count === undefined || size === undefined || !NUMBER.test(count) || !NUMBER.test(size)) throw malformed('STAT', text);
  return { count: Number(count), size: Number(size) };
}

function messageNumber(word: string | undefined, what: string, line: string): number {
  if (word === undefined || !NUMBER.test(word) || Number(word) < 1) throw malformed(what, line);
  return Number(word);
}

/**
 * The scan listing of LIST (RFC 1939 §5): "msgno size", where the RFC allows anything after the size.
 * A message number listed twice is refused: the listing would not say which size is right.
 */
export function parseList(body: Buffer): Map<number, number> {
  const sizes = new Map<number, number>();
  for (const line of lines(body)) {
    const [msgno, size] = line.split(' ');
    const n = messageNumber(msgno, 'LIST', line);
    if (size === undefined || !NUMBER.test(size)) throw malformed('LIST', line);
    if (sizes.has(n)) throw new HomingError('protocol_error', `LIST names message ${n} twice`);
    sizes.set(n, Number(size));
  }
  return sizes;
}

/**
 * The unique-id listing of UIDL (RFC 1939 §7). A unique-id listed twice (a broken server) is passed
 * on: refusing it would lock the user out of their mail, and the download policy (planCheck)
 * downloads one copy and never DELEs an id it cannot tell apart (invariant 1).
 */
export function parseUidl(body: Buffer): { msgno: number; uidl: string }[] {
  const out: { msgno: number; uidl: string }[] = [];
  const seenNumbers = new Set<number>();
  for (const line of lines(body)) {
    const [msgno, uidl] = line.split(' ');
    const n = messageNumber(msgno, 'UIDL', line);
    if (uidl === undefined || !UNIQUE_ID.test(uidl)) throw malformed('UIDL', line);
    if (seenNumbers.has(n)) throw new HomingError('protocol_error', `UIDL names message ${n} twice`);
    seenNumbers.add(n);
    out.push({ msgno: n, uidl });
  }
  return out;
}
