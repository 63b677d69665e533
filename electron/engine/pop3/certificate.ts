import type { PeerCertificate, TLSSocket } from 'node:tls';

import { HomingError } from '../../contract/result';

/**
 * Per-account certificate trust. Verification is always on; the only exception is a pinned
 * certificate the user accepted after seeing its fingerprint. There is no global off switch.
 */
export interface TlsTrust {
  /** Extra CA certificate(s) (PEM); when given they replace the system roots, as in Node. */
  ca?: string | Buffer;
  /** The SHA-256 fingerprint of the one certificate to accept, as Node prints it ("AB:CD:…"). */
  trustedFingerprint256?: string;
}

/** Upper-case hex without separators, so "ab:cd" and "AB:CD" compare equal; nothing else is forgiven. */
export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.replace(/:/g, '').toUpperCase();
}

/** Throws invalid_input unless `fingerprint` is a SHA-256 fingerprint (64 hex digits, colons allowed). */
export function assertFingerprint(fingerprint: string): void {
  if (!/^[0-9A-F]{64}$/.test(normalizeFingerprint(fingerprint))) {
    throw new HomingError('invalid_input', 'trustedFingerprint256 is not a SHA-256 fingerprint');
  }
}

function distinguishedName(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  // Node gives a field as an array when it repeats (e.g. two OUs).
  return Object.entries(name as unknown as Record<string, string | string[]>)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
}

/** What the UI shows when asking the user whether to trust a certificate. Public facts only. */
export function certificateDetail(cert: PeerCertificate): Record<string, string> {
  return {
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    validFrom: cert.valid_from ?? '',
    validTo: cert.valid_to ?? '',
    fingerprint256: cert.fingerprint256 ?? '',
  };
}

/**
 * Checks the peer of a TLS socket after the handshake ('secureConnect'). Sockets are made with
 * rejectUnauthorized:false so that, on failure, the certificate is still readable for the error's
 * detail; this function is the enforcement and must run before a single byte is read.
 * Returns the error to fail with, or undefined if the peer is trusted.
 */
export function verifyPeer(socket: TLSSocket, trust: TlsTrust): HomingError | undefined {
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.fingerprint256) return new HomingError('tls_failed', 'server presented no certificate');
  const detail = certificateDetail(cert);
  if (trust.trustedFingerprint256 !== undefined) {
    if (normalizeFingerprint(cert.fingerprint256) === normalizeFingerprint(trust.trustedFingerprint256)) return undefined;
    return new HomingError('untrusted_certificate', 'server certificate does not match the pinned fingerprint', {
      ...detail,
      reason: 'FINGERPRINT_MISMATCH',
    });
  }
  if (socket.authorized) return undefined;
  // Node types it as Error but sets the OpenSSL / host-check code string.
  const raw: unknown = socket.authorizationError;
  const reason =
    typeof raw === 'string' ? raw : raw instanceof Error ? ((raw as Error & { code?: string }).code ?? raw.message) : 'UNKNOWN';
  return new HomingError('untrusted_certificate', `server certificate is not trusted (${reason})`, { ...detail, reason });
}
