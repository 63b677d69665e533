import { Readable } from 'node:stream';
import { TLSSocket } from 'node:tls';

import SMTPConnection from 'nodemailer/lib/smtp-connection';

import { HomingError, type ServerSettings } from '../../contract';
import { pinCheck } from '../imap/connect';
import { certificateDetail, untrustedCertificateError } from '../imap/errors';
import type { Logger } from '../log';
import { classifySmtpFailure, type SendOutcome, type SmtpPhase, tooLargeError } from './smtp-errors';
import { buildSmtpOptions, type SmtpExtras } from './smtp-options';

export interface SendInput {
  settings: ServerSettings;
  password: string;
  envelope: { from: string; to: string[] };
  message: Buffer;
  extras?: SmtpExtras;
  log: Logger;
  /**
   * Awaited after the server said 354 and before the first message byte goes out. The outbox
   * records "transmitting" durably here, so a crash from this point on is treated as "may have
   * been sent" and a crash before it as "not sent" (no message byte left the machine).
   */
  beforeData?: () => Promise<void>;
}

export type SendResult = SendOutcome & {
  /** The server's SIZE limit from EHLO (RFC 1870), null when it advertised none or was not reached. */
  sizeLimit: number | null;
};

/**
 * The parts of nodemailer 10's SMTPConnection we rely on beyond its typed API. Each use says why;
 * `internalsOf` checks they exist so a nodemailer upgrade that moves them fails loudly here
 * instead of silently sending to half the recipients.
 */
export interface ConnectionInternals {
  _socket: unknown;
  _maxAllowedSize: number;
  _supportedExtensions: string[];
  _envelope: { rejected?: string[]; rejectedErrors?: unknown[] } | false;
  _envelopeError: (reply: string) => Error | null;
}

export const internalsOf = (conn: SMTPConnection): ConnectionInternals => {
  const c = conn as unknown as ConnectionInternals;
  if (typeof c._envelopeError !== 'function' || !Array.isArray(c._supportedExtensions) || typeof c._maxAllowedSize !== 'number') {
    throw new HomingError('internal', 'This build of Homing cannot send mail safely (its SMTP library changed).');
  }
  return c;
};

/**
 * All or nothing: nodemailer goes on to DATA when at least one RCPT TO was accepted, which would
 * send the message to some recipients while the user fixes the address of another, and a resend
 * would then reach the first ones twice. Here any refused recipient ends the transaction before
 * DATA. PIPELINING is turned off for this because with it nodemailer has already sent DATA when
 * the RCPT replies arrive, and answers a 354 with an empty message.
 */
const allOrNothing = (internals: ConnectionInternals): void => {
  internals._supportedExtensions = internals._supportedExtensions.filter((e) => e !== 'PIPELINING');
  const original = internals._envelopeError.bind(internals);
  internals._envelopeError = (reply: string) => {
    const env = internals._envelope;
    if (env && env.rejectedErrors && env.rejectedErrors.length > 0) {
      const err = Object.assign(new Error('Some recipients were refused'), {
        code: 'EENVELOPE',
        command: 'RCPT TO',
        rejected: env.rejected ?? [],
        rejectedErrors: env.rejectedErrors,
        response: (env.rejectedErrors[0] as { response?: string }).response ?? reply,
      });
      return err;
    }
    return original(reply);
  };
};

export const connect = (conn: SMTPConnection): Promise<void> =>
  new Promise((resolve, reject) => {
    conn.once('error', reject);
    conn.connect((err?: Error | null) => {
      conn.removeListener('error', reject);
      if (err) reject(err);
      else resolve();
    });
  });

export const login = (conn: SMTPConnection, user: string, pass: string): Promise<void> =>
  new Promise((resolve, reject) => {
    conn.login({ user, pass }, (err?: Error | null) => (err ? reject(err) : resolve()));
  });

/** Sends QUIT and closes; never waits long for a server that is gone. */
export const closeQuietly = (conn: SMTPConnection): void => {
  try {
    if (!conn.destroyed) conn.quit();
  } catch {
    // already closed
  }
  setTimeout(() => conn.close(), 1_000).unref();
};

const CHUNK = 64 * 1024;

const hasEightBit = (bytes: Buffer): boolean => {
  for (const b of bytes) if (b > 0x7e) return true;
  return false;
};

/**
 * After EHLO and before AUTH: the session must be encrypted unless the user chose `none`, and with
 * a pinned certificate it must be exactly that one (the password goes only to its holder).
 */
export const checkSecureChannel = (conn: SMTPConnection, internals: ConnectionInternals, settings: ServerSettings): void => {
  if (settings.security === 'none') return;
  const socket = internals._socket;
  if (!(socket instanceof TLSSocket) || !conn.secure)
    throw new HomingError('tls_failed', `${settings.host} did not set up encryption for sending mail.`);
  if (settings.trustedFingerprint256) {
    const verdict = pinCheck(settings.host, settings.trustedFingerprint256)(socket);
    if (verdict) throw verdict;
  }
};

/**
 * One SMTP session for one message: connect, check the certificate pin, read SIZE, sign in, send.
 * Never throws; the outcome says exactly how far the message got (smtp-errors.ts).
 */
export const sendMessage = async (input: SendInput): Promise<SendResult> => {
  const { settings } = input;
  const host = settings.host;
  let phase: SmtpPhase = 'connect';
  let sizeLimit: number | null = null;
  let conn: SMTPConnection | null = null;
  try {
    conn = new SMTPConnection(buildSmtpOptions(settings, input.extras));
    // Without a listener a late 'error' (after our callbacks settled) would crash the engine.
    conn.on('error', (err: Error) => input.log.warn(`smtp ${host}: ${(err as { code?: string }).code ?? 'error'}`));
    const internals = internalsOf(conn);
    await connect(conn);

    checkSecureChannel(conn, internals, settings);

    sizeLimit = internals._maxAllowedSize > 0 ? internals._maxAllowedSize : null;
    if (sizeLimit !== null && input.message.length > sizeLimit) {
      // RFC 1870: the server told us its limit; sending anyway would only be refused after upload.
      return { kind: 'needs-user', error: tooLargeError(host, input.message.length, sizeLimit), sizeLimit };
    }

    phase = 'auth';
    await login(conn, settings.username, input.password);

    phase = 'envelope';
    allOrNothing(internals);
    // The message goes out in chunks as the socket takes them (pipe backpressure), so "every byte
    // handed over" below means the socket really has the end of it, not that a buffer does.
    let offset = -1;
    const body = new Readable({
      highWaterMark: CHUNK,
      read() {
        if (offset === -1) {
          offset = 0;
          phase = 'data';
          (input.beforeData ?? (async () => undefined))().then(
            () => this.push(next()),
            (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
          );
          return;
        }
        this.push(next());
      },
    });
    const next = (): Buffer | null => {
      if (offset >= input.message.length) return null;
      const chunk = input.message.subarray(offset, offset + CHUNK);
      offset += chunk.length;
      return chunk;
    };
    // Once every byte was handed over, nodemailer writes the final dot: from here, a lost
    // connection may have delivered the message.
    body.once('end', () => {
      phase = 'after-data';
    });
    const info = await new Promise<{ response?: string }>((resolve, reject) => {
      conn!.send(
        {
          from: input.envelope.from,
          to: input.envelope.to,
          size: input.message.length,
          use8BitMime: hasEightBit(input.message),
        },
        body,
        (err, result) => (err ? reject(err) : resolve(result as { response?: string })),
      );
    });
    return { kind: 'accepted', response: typeof info.response === 'string' ? info.response : '', sizeLimit };
  } catch (err) {
    const outcome = classifySmtpFailure(err, phase, host);
    if (outcome.kind === 'needs-user' && outcome.error.code === 'untrusted_certificate' && !outcome.error.detail) {
      const detail = await probeSmtpCertificate(settings, input.extras).catch(() => undefined);
      return {
        kind: 'needs-user',
        error: untrustedCertificateError(host, detail, (err as { originalCode?: string }).originalCode),
        sizeLimit,
      };
    }
    return { ...outcome, sizeLimit };
  } finally {
    if (conn) closeQuietly(conn);
  }
};

/**
 * Reads the certificate an SMTP server presents (after STARTTLS where needed) without signing in,
 * to show the user what they would be asked to trust. Nothing but EHLO is sent.
 */
export const probeSmtpCertificate = async (
  settings: ServerSettings,
  extras: SmtpExtras = {},
): Promise<Record<string, string> | undefined> => {
  if (settings.security === 'none') return undefined;
  const options = buildSmtpOptions({ ...settings, trustedFingerprint256: undefined }, { ...extras, connectTimeoutMs: 10_000 });
  options.tls = { ...options.tls, rejectUnauthorized: false };
  const conn = new SMTPConnection(options);
  conn.on('error', () => undefined);
  try {
    await connect(conn);
    const socket = (conn as unknown as ConnectionInternals)._socket;
    if (socket instanceof TLSSocket) {
      const cert = socket.getPeerCertificate();
      if (cert && cert.fingerprint256) return certificateDetail(cert);
    }
    return undefined;
  } finally {
    closeQuietly(conn);
  }
};

/**
 * Reads the server's SIZE limit without sending anything (for the composer's early warning): EHLO
 * (after STARTTLS where set up), then QUIT. The channel is checked as for a send, pin included,
 * so nobody in between can make the composer believe a limit the real server never set.
 */
export const readSizeLimit = async (settings: ServerSettings, extras: SmtpExtras = {}): Promise<number | null> => {
  const conn = new SMTPConnection(
    buildSmtpOptions(settings, { connectTimeoutMs: 15_000, greetingTimeoutMs: 15_000, socketTimeoutMs: 30_000, ...extras }),
  );
  conn.on('error', () => undefined);
  try {
    const internals = internalsOf(conn);
    await connect(conn);
    checkSecureChannel(conn, internals, settings);
    const limit = internals._maxAllowedSize;
    return limit > 0 ? limit : null;
  } finally {
    closeQuietly(conn);
  }
};
