import type { SMTPConnectionOptions } from 'nodemailer/lib/smtp-connection';

import { HomingError, type ServerSettings } from '../../contract';

/** Things only tests and special setups need; never part of stored account settings. */
export interface SmtpExtras {
  /** An extra CA certificate (PEM) trusted for this connection, e.g. a test server's self-signed one. */
  tlsCa?: string;
  connectTimeoutMs?: number;
  greetingTimeoutMs?: number;
  /** Inactivity limit, which includes waiting for the answer to the final dot. */
  socketTimeoutMs?: number;
}

/**
 * The EHLO name. Not the machine's host name, which would tell every recipient (in the Received
 * header the server adds) what the user's computer is called; an address literal is what
 * RFC 5321 §4.1.4 allows a client without a meaningful name to send.
 */
export const EHLO_NAME = '[127.0.0.1]';

/**
 * nodemailer SMTPConnection options for one account. TLS is never opportunistic: `tls` is
 * implicit TLS (RFC 8314), `starttls` requires the upgrade (`requireTLS`, so a server or attacker
 * that hides STARTTLS makes the send fail instead of going out in clear), and `none` needs the
 * user's recorded consent. Certificate validation stays on; with a pinned certificate Node's
 * verdict is recorded instead of enforced and send-message.ts checks the pin before AUTH.
 */
export const buildSmtpOptions = (settings: ServerSettings, extras: SmtpExtras = {}): SMTPConnectionOptions => {
  if (settings.security === 'none' && !settings.allowCleartextPassword) {
    throw new HomingError(
      'cleartext_refused',
      `Homing will not send your password to ${settings.host} without encryption unless you allow it in the account settings.`,
    );
  }
  const pinned = Boolean(settings.trustedFingerprint256) && settings.security !== 'none';
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    name: EHLO_NAME,
    tls: {
      rejectUnauthorized: !pinned,
      minVersion: 'TLSv1.2',
      ...(extras.tlsCa ? { ca: [extras.tlsCa] } : {}),
    },
    connectionTimeout: extras.connectTimeoutMs ?? 30_000,
    greetingTimeout: extras.greetingTimeoutMs ?? 30_000,
    // RFC 5321 §4.5.3.2.6 gives the server 10 minutes after the final dot; giving up earlier
    // would turn slow servers' successes into "may have been sent".
    socketTimeout: extras.socketTimeoutMs ?? 10 * 60_000,
    // Logging off: nodemailer's lines can carry addresses and server text; ours are enough.
    logger: false,
    debug: false,
  };
};
