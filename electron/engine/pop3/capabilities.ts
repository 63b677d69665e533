import { HomingError } from '../../contract/result';
import { printable } from './errors';

/** What a CAPA response (RFC 2449 §5) told us. Names are upper-cased; arguments are kept as sent. */
export interface Pop3Capabilities {
  readonly all: ReadonlyMap<string, readonly string[]>;
  /** RFC 2595 §4 */
  readonly stls: boolean;
  /** RFC 2449 §6.6: we may send several commands before reading the responses. */
  readonly pipelining: boolean;
  readonly user: boolean;
  readonly top: boolean;
  readonly uidl: boolean;
  /** RFC 2449 §6.4 / RFC 3206 §5: -ERR responses may carry [CODE]s. */
  readonly respCodes: boolean;
  readonly authRespCode: boolean;
  /** SASL mechanisms, upper-cased (RFC 5034 §5). */
  readonly sasl: readonly string[];
}

/** Parses the body of a +OK answer to CAPA (one capability per line, arguments separated by spaces). */
export function parseCapabilities(body: Buffer): Pop3Capabilities {
  const all = new Map<string, string[]>();
  for (const raw of body.toString('latin1').split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const words = line.split(' ').filter((word) => word.length > 0);
    const [name, ...args] = words;
    if (name === undefined) continue;
    if (!/^[\x21-\x7e]+$/.test(name)) throw new HomingError('protocol_error', `malformed CAPA line: ${printable(line)}`);
    all.set(name.toUpperCase(), args);
  }
  return {
    all,
    stls: all.has('STLS'),
    pipelining: all.has('PIPELINING'),
    user: all.has('USER'),
    top: all.has('TOP'),
    uidl: all.has('UIDL'),
    respCodes: all.has('RESP-CODES'),
    authRespCode: all.has('AUTH-RESP-CODE'),
    sasl: (all.get('SASL') ?? []).map((mechanism) => mechanism.toUpperCase()),
  };
}
