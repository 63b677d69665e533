import type { PeerCertificate } from 'node:tls';

import { HomingError } from '../../contract';
import { classifyLoginRefusal, refusalDetail, refusalMessage } from '../accounts/login-refusal';

/**
 * OpenSSL / Node verification codes that mean "this certificate is not one we trust", as opposed
 * to a TLS failure the user cannot fix by trusting a certificate.
 */
const untrustedCertCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
  'INVALID_CA',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const timeoutCodes = new Set(['ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'LockTimeout']);
const lostCodes = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
  'StateLogout',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
]);
const limitCodes = new Set([
  'LineTooLarge',
  'LiteralTooLarge',
  'ResponseTooLarge',
  'TooManyTokens',
  'TooManyResponses',
  'MAX_IMAP_NESTING_REACHED',
]);

/** The fields imapflow and Node attach to errors that we read; all optional, all untrusted. */
interface ErrorFacts {
  code?: unknown;
  mailboxMissing?: unknown;
  authenticationFailed?: unknown;
  tlsFailed?: unknown;
  responseStatus?: unknown;
  responseText?: unknown;
  serverResponseCode?: unknown;
}

const facts = (err: unknown): ErrorFacts => (err && typeof err === 'object' ? (err as ErrorFacts) : {});

export const isCertificateErrorCode = (code: unknown): boolean => typeof code === 'string' && untrustedCertCodes.has(code);

/** The facts the UI shows before the user decides to trust a certificate (never secret). */
export const certificateDetail = (cert: PeerCertificate): Record<string, string> => {
  const name = (entity: unknown): string => {
    if (!entity || typeof entity !== 'object') return '';
    return Object.entries(entity as Record<string, unknown>)
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
      .join(', ');
  };
  return {
    subject: name(cert.subject),
    issuer: name(cert.issuer),
    validFrom: cert.valid_from ?? '',
    validTo: cert.valid_to ?? '',
    fingerprint256: cert.fingerprint256 ?? '',
  };
};

export const untrustedCertificateError = (host: string, detail: Record<string, string> | undefined, reason?: string): HomingError =>
  new HomingError(
    'untrusted_certificate',
    `The certificate of ${host} is not trusted${reason ? ` (${reason})` : ''}. Check its fingerprint with your provider before trusting it for this account.`,
    detail,
  );

/**
 * Turns whatever imapflow, Node or the network threw into a HomingError with a stable code.
 * Messages are our own plain words; server text appears only in a sign-in refusal, quoted after
 * them, cleaned and with `secrets` (the password) blanked, because that is where servers explain
 * that a different kind of password is needed.
 */
export const toHomingError = (err: unknown, host: string, secrets: readonly string[] = []): HomingError => {
  if (err instanceof HomingError) return err;
  const f = facts(err);
  const code = typeof f.code === 'string' ? f.code : '';
  if (f.authenticationFailed === true) {
    // The refusal's text is the only place a server says "use an app password" or shows an
    // [ALERT] (RFC 3501 §7.1: the client MUST show it to the user); quoted, sanitized, bounded.
    const refusal = classifyLoginRefusal({
      protocol: 'imap',
      text: typeof f.responseText === 'string' ? f.responseText : '',
      ...(typeof f.serverResponseCode === 'string' ? { responseCode: f.serverResponseCode } : {}),
      secrets,
    });
    return new HomingError('auth_failed', refusalMessage(host, refusal, false), refusalDetail(refusal));
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return new HomingError(
      'host_not_found',
      `The server name ${host} could not be found. Check the spelling and your internet connection.`,
    );
  }
  if (code === 'ECONNREFUSED')
    return new HomingError('connection_refused', `${host} refused the connection. Check the port and security settings.`);
  if (timeoutCodes.has(code)) return new HomingError('timeout', `${host} did not answer in time.`);
  if (isCertificateErrorCode(code)) return untrustedCertificateError(host, undefined, code);
  if (limitCodes.has(code))
    return new HomingError('protocol_error', `${host} sent a response larger than Homing accepts; the connection was closed.`);
  if (code === 'STARTTLS_INJECTION')
    return new HomingError(
      'tls_failed',
      `Someone may be tampering with the connection to ${host}: data arrived before encryption started.`,
    );
  if (f.tlsFailed === true || code.startsWith('ERR_SSL') || code === 'EPROTO' || code.startsWith('ERR_TLS')) {
    return new HomingError('tls_failed', `A secure connection to ${host} could not be set up.`);
  }
  if (lostCodes.has(code)) return new HomingError('connection_lost', `The connection to ${host} was lost.`);
  if (f.mailboxMissing === true) return new HomingError('not_found', 'That folder no longer exists on the server.');
  if (f.responseStatus === 'NO' || f.responseStatus === 'BAD') {
    return new HomingError('server_refused', `${host} refused the request.`);
  }
  if (code.startsWith('ParserError') || code === 'InvalidResponse' || code === 'UnexpectedTag' || code === 'MissingTag') {
    return new HomingError('protocol_error', `${host} sent a response Homing could not understand.`);
  }
  return new HomingError('connection_lost', `The connection to ${host} failed.`);
};
