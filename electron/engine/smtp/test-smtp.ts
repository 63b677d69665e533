import SMTPConnection from 'nodemailer/lib/smtp-connection';

import type { ConnectionTest, ServerSettings } from '../../contract';
import { untrustedCertificateError } from '../imap/errors';
import { checkSecureChannel, closeQuietly, connect, internalsOf, login, probeSmtpCertificate } from './send-message';
import { classifySmtpFailure, formatSize, type SmtpPhase } from './smtp-errors';
import { buildSmtpOptions, type SmtpExtras } from './smtp-options';

/**
 * The outgoing half of "test these settings": connect with the account's security, check the
 * certificate (and pin), sign in, read the SIZE limit, QUIT. Sends no message. The result names
 * what the server offers, in facts the setup screens show.
 */
export const testSmtp = async (settings: ServerSettings, password: string, extras: SmtpExtras = {}): Promise<ConnectionTest> => {
  let phase: SmtpPhase = 'connect';
  let conn: SMTPConnection | null = null;
  try {
    conn = new SMTPConnection(
      buildSmtpOptions(settings, { connectTimeoutMs: 15_000, greetingTimeoutMs: 15_000, socketTimeoutMs: 30_000, ...extras }),
    );
    conn.on('error', () => undefined);
    const internals = internalsOf(conn);
    await connect(conn);
    checkSecureChannel(conn, internals, settings);
    phase = 'auth';
    await login(conn, settings.username, password);
    const facts: Record<string, string> = {
      encryption: settings.security === 'tls' ? 'TLS from the start' : settings.security === 'starttls' ? 'STARTTLS (required)' : 'none',
      extensions: internals._supportedExtensions.join(' '),
    };
    if (internals._maxAllowedSize > 0) facts.sizeLimit = formatSize(internals._maxAllowedSize);
    return { ok: true, facts };
  } catch (err) {
    const outcome = classifySmtpFailure(err, phase, settings.host);
    let error = outcome.kind === 'accepted' ? undefined : outcome.error;
    if (error?.code === 'untrusted_certificate' && !error.detail) {
      const detail = await probeSmtpCertificate(settings, extras).catch(() => undefined);
      error = untrustedCertificateError(settings.host, detail);
    }
    return { ok: false, ...(error ? { error: error.toAppError() } : {}), facts: {} };
  } finally {
    if (conn) closeQuietly(conn);
  }
};
