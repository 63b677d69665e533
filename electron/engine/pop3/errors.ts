import { HomingError } from '../../contract/result';
import type { StatusLine } from './status-line';

/**
 * Server text made safe for an error message: control characters replaced, length capped.
 * Server text is hostile input; it may end up in logs and in the UI.
 */
export function printable(text: string, max = 200): string {
  const clean = text.replace(/[\x00-\x1f\x7f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Removes every occurrence of each non-empty secret (a server may echo what we sent). Invariant 7. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('***');
  return out;
}

/** Does the RFC 2449 §8 hierarchical response code `code` fall under `family` (e.g. SYS/TEMP/X under SYS/TEMP)? */
function codeIs(code: string | undefined, family: string): boolean {
  return code !== undefined && (code === family || code.startsWith(`${family}/`));
}

/**
 * A failed authentication command, told apart by its RFC 2449 / RFC 3206 response code so the
 * UI can say "wrong password" vs "mailbox busy" vs "try later". No code means the credentials.
 */
export function authError(status: StatusLine, secrets: readonly string[]): HomingError {
  const text = printable(redact(status.text, secrets));
  const { code } = status;
  if (codeIs(code, 'IN-USE')) return new HomingError('auth_in_use', `mailbox is in use by another session: ${text}`);
  if (codeIs(code, 'LOGIN-DELAY')) return new HomingError('login_delay', `server asks to wait before logging in again: ${text}`);
  if (codeIs(code, 'SYS/TEMP')) return new HomingError('server_temporary', `temporary server problem during login: ${text}`);
  if (codeIs(code, 'SYS/PERM')) return new HomingError('server_refused', `server refused the login: ${text}`);
  return new HomingError('auth_failed', `login failed: ${text}`);
}

/** A -ERR answer to an ordinary command; [SYS/TEMP] (RFC 3206 §4) is told apart because it is worth retrying. */
export function commandError(label: string, status: StatusLine): HomingError {
  const text = printable(status.text);
  if (codeIs(status.code, 'SYS/TEMP')) return new HomingError('server_temporary', `${label} failed temporarily: ${text}`);
  return new HomingError('server_refused', `${label} refused by server: ${text}`);
}

/** TLS certificate verification failures (OpenSSL verify codes and Node's host name check). */
export const certificateErrorCodes: ReadonlySet<string> = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Where the socket was when it failed; the same errno means different things in each. */
export type SocketPhase = 'connecting' | 'handshake' | 'ready';

/** Maps a Node socket / TLS error to a stable code. `where` names the peer or command for the message. */
export function socketError(err: Error & { code?: string }, phase: SocketPhase, where: string): HomingError {
  const code = err.code ?? '';
  const says = printable(err.message);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
      return new HomingError('host_not_found', `host not found: ${where}`);
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new HomingError('connection_refused', `connection refused by ${where} (${code})`);
    case 'ETIMEDOUT':
      return new HomingError('timeout', `network timeout talking to ${where}`);
    default:
      break;
  }
  if (certificateErrorCodes.has(code))
    return new HomingError('untrusted_certificate', `server certificate is not trusted (${code})`, { reason: code });
  // A reset during the handshake is how many servers answer a TLS hello on a plaintext port.
  if (phase === 'handshake' || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
    return new HomingError('tls_failed', `TLS with ${where} failed: ${says}`);
  }
  return new HomingError('connection_lost', `connection to ${where} lost (${code || says})`);
}

/** Plaintext after a +OK to STLS. */
export function afterStls(): HomingError {
  return new HomingError('protocol_error', 'server sent plaintext after its STLS answer (possible injection); refused');
}

/** Data from the server when no answer is due: the session can no longer be trusted to be in step. */
export function unsolicited(text: string): HomingError {
  const firstLine = printable(text.split('\n')[0] ?? '');
  // Typically a server's autologout ("-ERR disconnected for inactivity") right before it hangs up.
  if (/^-ERR/i.test(text)) return new HomingError('connection_lost', `server ended the session: ${firstLine}`);
  return new HomingError('protocol_error', `server sent data nobody asked for: ${firstLine}`);
}
