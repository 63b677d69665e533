import { HomingError } from '../../contract/result';
import { printable } from './errors';

/** One POP3 status line (RFC 1939 §3), with the optional RFC 2449 §8 response code. */
export interface StatusLine {
  /** `+OK`, `-ERR`, or a SASL continuation `+ <base64>` (RFC 5034 §4). */
  kind: 'ok' | 'err' | 'continue';
  /** The response code from `[...]`, upper-cased (e.g. `SYS/TEMP`), when the server sent one. */
  code?: string;
  /** What follows the indicator and the code, as latin1 text (for a continuation: the base64 challenge). */
  text: string;
}

// resp-code = "[" resp-level *("/" resp-level) "]" (RFC 2449 §8); levels are atoms, we accept letters, digits and '-'.
const RESP_CODE = /^\[([A-Za-z0-9-]+(?:\/[A-Za-z0-9-]+)*)\] ?/;

/** Parses a status line without its CRLF. Anything that is not a status indicator is a protocol error. */
export function parseStatusLine(line: string): StatusLine {
  let kind: StatusLine['kind'];
  let rest: string;
  if (/^\+OK(?: |$)/i.test(line)) {
    kind = 'ok';
    rest = line.slice(4);
  } else if (/^-ERR(?: |$)/i.test(line)) {
    kind = 'err';
    rest = line.slice(5);
  } else if (line === '+' || line.startsWith('+ ')) {
    return { kind: 'continue', text: line.slice(2) };
  } else {
    throw new HomingError('protocol_error', `unexpected server response: ${printable(line)}`);
  }
  const match = RESP_CODE.exec(rest);
  if (!match?.[1]) return { kind, text: rest };
  return { kind, code: match[1].toUpperCase(), text: rest.slice(match[0].length) };
}
