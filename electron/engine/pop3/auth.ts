import { createHash } from 'node:crypto';

import { HomingError } from '../../contract/result';
import type { Pop3Capabilities } from './capabilities';
import type { Pop3Connection } from './connection';
import { authError, printable } from './errors';
import type { StatusLine } from './status-line';

export type LoginMechanism = 'auto' | 'user' | 'plain' | 'apop';

/**
 * The APOP timestamp of a greeting (RFC 1939 §7): a msg-id such as <1896.697170952@dbc.mtview.ca.us>.
 * Only printable ASCII without angle brackets is accepted, which rules out the crafted
 * timestamps of the 2007 APOP password-recovery attack (Leurent).
 */
export function apopTimestamp(greeting: string): string | undefined {
  return /<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>/.exec(greeting)?.[0];
}

/**
 * Which mechanism 'auto' means. SASL PLAIN when offered (one round trip, UTF-8 safe), else USER/PASS.
 * APOP only when it is all the server offers: it needs the password in MD5, which is weak, and it
 * is only chosen when CAPA explicitly lacks USER and PLAIN.
 */
export function chooseMechanism(
  requested: LoginMechanism,
  caps: Pop3Capabilities | null,
  timestamp: string | undefined,
): Exclude<LoginMechanism, 'auto'> {
  if (requested !== 'auto') return requested;
  if (caps?.sasl.includes('PLAIN')) return 'plain';
  if (caps && !caps.user && timestamp !== undefined) return 'apop';
  return 'user';
}

export interface Credentials {
  user: string;
  pass: string;
}

function assertLineSafe(value: string, what: string): void {
  // CR/LF would end the command early and let the rest run as a second command; NUL breaks SASL PLAIN.
  if (/[\r\n\0]/.test(value)) throw new HomingError('invalid_input', `${what} contains a line break or NUL`);
}

/**
 * Runs one login exchange. Resolves when the server accepted; rejects with auth_failed,
 * auth_in_use, login_delay, server_temporary or server_refused (RFC 2449 / RFC 3206 codes).
 * The password is never part of a label or an error message, even if the server echoes it.
 */
export async function authenticate(
  connection: Pop3Connection,
  mechanism: Exclude<LoginMechanism, 'auto'>,
  credentials: Credentials,
  greeting: string,
): Promise<void> {
  const { user, pass } = credentials;
  assertLineSafe(user, 'user name');
  assertLineSafe(pass, 'password');
  const secrets = [pass];
  const check = (status: StatusLine): void => {
    if (status.kind !== 'ok') throw authError(status, secrets);
  };

  if (mechanism === 'user') {
    check(await connection.command({ line: `USER ${user}`, label: 'USER' }));
    check(await connection.command({ line: `PASS ${pass}`, label: 'PASS' }));
    return;
  }

  if (mechanism === 'apop') {
    const timestamp = apopTimestamp(greeting);
    if (timestamp === undefined) throw new HomingError('server_refused', 'server does not offer APOP (no timestamp in its greeting)');
    if (/\s/.test(user)) throw new HomingError('invalid_input', 'an APOP user name cannot contain spaces');
    const digest = createHash('md5')
      .update(Buffer.from(timestamp + pass, 'utf8'))
      .digest('hex');
    check(await connection.command({ line: `APOP ${user} ${digest}`, label: 'APOP' }));
    return;
  }

  // SASL PLAIN (RFC 4616): authzid NUL authcid NUL passwd, UTF-8, base64 (RFC 5034 §4).
  const response = Buffer.from(`\0${user}\0${pass}`, 'utf8').toString('base64');
  secrets.push(response);
  const initial = `AUTH PLAIN ${response}`;
  // RFC 5034 §4: the initial response may be used only if the command stays within 255 octets.
  if (initial.length + 2 <= 255) {
    const status = await connection.command({ line: initial, label: 'AUTH PLAIN', continuation: true });
    if (status.kind === 'continue') await cancel(connection, 'server asked for more after the PLAIN initial response');
    check(status);
    return;
  }
  const challenge = await connection.command({ line: 'AUTH PLAIN', label: 'AUTH PLAIN', continuation: true });
  if (challenge.kind !== 'continue') {
    check(challenge);
    throw new HomingError('protocol_error', `server accepted AUTH PLAIN without credentials: ${printable(challenge.text)}`);
  }
  const status = await connection.command({ line: response, label: 'AUTH PLAIN response', continuation: true });
  if (status.kind === 'continue') await cancel(connection, 'server asked for a second PLAIN response');
  check(status);
}

/** Aborts a SASL exchange ("*", RFC 5034 §4) and fails: PLAIN has exactly one client response. */
async function cancel(connection: Pop3Connection, why: string): Promise<never> {
  await connection.command({ line: '*', label: 'AUTH cancel', continuation: true });
  throw new HomingError('protocol_error', why);
}
