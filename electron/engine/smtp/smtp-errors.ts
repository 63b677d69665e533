import { HomingError } from '../../contract';
import { isCertificateErrorCode, untrustedCertificateError } from '../imap/errors';

/** How far an SMTP session got; decides whether a failure may have delivered the message. */
export type SmtpPhase = 'connect' | 'auth' | 'envelope' | 'data' | 'after-data';

/**
 * What one send attempt did, for the outbox's pure decision (outbox/outbox-state.ts):
 * - `accepted`: the server answered 250 after the final dot. Never send again.
 * - `refused`: the server said no (4xx temporary, 5xx permanent); not delivered.
 * - `not-sent`: the network or server failed before the final dot; safe to retry.
 * - `needs-user`: a setting must change first (password, certificate, size, cleartext).
 * - `unknown`: the connection ended after the whole message went out but before the answer.
 */
export type SendOutcome =
  | { kind: 'accepted'; response: string }
  | { kind: 'refused'; permanent: boolean; error: HomingError }
  | { kind: 'not-sent'; error: HomingError }
  | { kind: 'needs-user'; error: HomingError }
  | { kind: 'unknown'; error: HomingError };

/** The fields nodemailer and Node put on errors; all optional and untrusted. */
export interface SmtpErrorFacts {
  code?: unknown;
  originalCode?: unknown;
  command?: unknown;
  response?: unknown;
  responseCode?: unknown;
  rejectedErrors?: unknown;
  timeoutType?: unknown;
  message?: unknown;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Server text is a hint after our own words: one line, bounded. It never carries our secrets. */
export const serverReply = (reply: string): string =>
  reply
    .replace(/[\r\n]+/g, ' ')
    .replace(/[^\x20-\x7e\u00a0-\uffff]/g, '')
    .trim()
    .slice(0, 300);

/** The enhanced status code (RFC 3463), e.g. "5.7.1", if the reply has one. */
export const enhancedCode = (reply: string): string | null => /^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1] ?? null;

const replyCodeOf = (f: SmtpErrorFacts): number | null => {
  if (typeof f.responseCode === 'number') return f.responseCode;
  const m = /^(\d{3})/.exec(str(f.response));
  return m ? Number(m[1]) : null;
};

/** RFC 5321 §4.2.3 / RFC 3463: is this refusal about relaying? */
export const isRelayDenied = (reply: string): boolean =>
  /relay(ing)? (access )?(denied|not permitted|not allowed)|not permitted to relay|unable to relay|we do not relay|relay not permitted/i.test(
    reply,
  );

/** 552 and X.3.4 mean "message too big" (RFC 5321 §4.5.3.1.10, RFC 3463 §3.4). */
export const isTooLarge = (code: number | null, reply: string): boolean =>
  code === 552 ||
  enhancedCode(reply)?.endsWith('.3.4') === true ||
  /message (file |size )?(is )?too (big|large)|exceeds.*size/i.test(reply);

export const tooLargeError = (host: string, size: number, limit: number): HomingError =>
  new HomingError(
    'server_refused',
    `This message is ${formatSize(size)}, and ${host} accepts at most ${formatSize(limit)}. Remove or shrink attachments, or share large files another way.`,
    { reason: 'too_large', limit: String(limit), size: String(size) },
  );

export const formatSize = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
};

interface RejectedRecipient {
  recipient: string;
  reply: string;
  code: number | null;
}

const rejectedOf = (f: SmtpErrorFacts): RejectedRecipient[] => {
  if (!Array.isArray(f.rejectedErrors)) return [];
  return f.rejectedErrors.map((e: SmtpErrorFacts & { recipient?: unknown }) => ({
    recipient: str(e.recipient),
    reply: str(e.response),
    code: replyCodeOf(e),
  }));
};

const networkError = (host: string, f: SmtpErrorFacts): HomingError | null => {
  const code = str(f.originalCode) || str(f.code);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EDNS' || code === 'EAI_NONAME')
    return new HomingError(
      'host_not_found',
      `The outgoing server ${host} could not be found. Check the spelling and your internet connection.`,
    );
  if (code === 'ECONNREFUSED')
    return new HomingError('connection_refused', `${host} refused the connection for sending mail. Check the port and security settings.`);
  if (code === 'ETIMEDOUT' || str(f.code) === 'ETIMEDOUT') return new HomingError('timeout', `${host} did not answer in time.`);
  if (isCertificateErrorCode(code)) return untrustedCertificateError(host, undefined, code);
  if (str(f.code) === 'ETLS' || code.startsWith('ERR_SSL') || code === 'EPROTO' || code.startsWith('ERR_TLS'))
    return new HomingError('tls_failed', `A secure connection to ${host} could not be set up for sending mail.`);
  if (['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'ECONNECTION', 'ESOCKET'].includes(code))
    return new HomingError('connection_lost', `The connection to ${host} was lost while sending.`);
  return null;
};

/**
 * Turns a failed SMTP attempt into an outcome with plain words. `phase` is how far the session
 * got: a network failure before the whole message went out cannot have delivered it (RFC 5321
 * §4.1.1.4: only the final dot and the server's 250 make the message the server's), after it
 * nobody knows.
 */
export const classifySmtpFailure = (err: unknown, phase: SmtpPhase, host: string): SendOutcome => {
  if (err instanceof HomingError) {
    return ['auth_failed', 'untrusted_certificate', 'cleartext_refused', 'tls_failed'].includes(err.code)
      ? { kind: 'needs-user', error: err }
      : phase === 'after-data'
        ? { kind: 'unknown', error: err }
        : { kind: 'not-sent', error: err };
  }
  const f: SmtpErrorFacts = err && typeof err === 'object' ? (err as SmtpErrorFacts) : {};
  const reply = serverReply(str(f.response));
  const code = replyCodeOf(f);
  const command = str(f.command);

  if (str(f.code) === 'EAUTH') {
    if (code !== null && code >= 400 && code < 500)
      return {
        kind: 'refused',
        permanent: false,
        error: new HomingError('server_temporary', `${host} could not check the password right now; Homing will try again.`, {
          reply,
        }),
      };
    return {
      kind: 'needs-user',
      error: new HomingError(
        'auth_failed',
        `${host} did not accept the user name or password for sending mail.`,
        reply ? { reply } : undefined,
      ),
    };
  }

  // Refusing STARTTLS (or dropping it from EHLO) is what a downgrade attack looks like: the
  // password and message never go out in clear, and retrying will not change the server's mind.
  if (str(f.code) === 'ETLS' || command === 'STARTTLS') {
    return {
      kind: 'needs-user',
      error: new HomingError(
        'tls_failed',
        `${host} did not start encryption (STARTTLS)${reply ? ` — it said: ${reply}` : ''}. Homing does not send mail or passwords unencrypted; check the security setting for the outgoing server.`,
      ),
    };
  }

  // A reply from the server: it refused something; nothing was delivered (RFC 5321 §4.2.1).
  if (code !== null && code >= 400) {
    const permanent = code >= 500;
    const rejected = rejectedOf(f);
    if (command === 'RCPT TO' || rejected.length) {
      const list = rejected.length ? rejected : [{ recipient: '', reply, code }];
      const relay = list.find((r) => isRelayDenied(r.reply));
      const first = relay ?? list[0]!;
      const anyPermanent = list.some((r) => (r.code ?? code) >= 500);
      const names = list.map((r) => r.recipient).filter(Boolean);
      const detail: Record<string, string> = {
        reason: relay ? 'relay_denied' : 'recipient_refused',
        recipient: first.recipient,
        recipients: names.join(', '),
        reply: serverReply(first.reply),
      };
      const message = relay
        ? `${host} refused to pass the message on to ${first.recipient || 'a recipient'} (relay denied). The server does not send mail for this account from here: check the outgoing server settings and that you are signed in.`
        : names.length > 1
          ? `${host} refused ${names.length} recipients: ${list.map((r) => `${r.recipient} (${serverReply(r.reply)})`).join('; ')}. Nothing was sent; correct the addresses and send again.`
          : `${host} refused the recipient ${first.recipient || ''}: ${serverReply(first.reply)}. Nothing was sent; correct the address and send again.`;
      return {
        kind: 'refused',
        permanent: anyPermanent,
        error: new HomingError(anyPermanent ? 'server_refused' : 'server_temporary', message.replace(/ +/g, ' '), detail),
      };
    }
    if (isTooLarge(code, reply)) {
      return {
        kind: 'refused',
        permanent: true,
        error: new HomingError(
          'server_refused',
          `${host} refused the message because it is too large (${reply}). Remove or shrink attachments.`,
          {
            reason: 'too_large',
            reply,
          },
        ),
      };
    }
    if (command === 'MAIL FROM') {
      return {
        kind: 'refused',
        permanent,
        error: new HomingError(
          permanent ? 'server_refused' : 'server_temporary',
          permanent
            ? `${host} refused to send mail from this address: ${reply}. Check the account's email address.`
            : `${host} is not accepting mail right now (${reply}); Homing will try again.`,
          { reason: 'sender_refused', reply },
        ),
      };
    }
    return {
      kind: 'refused',
      permanent,
      error: new HomingError(
        permanent ? 'server_refused' : 'server_temporary',
        permanent
          ? `${host} refused the message: ${reply}.`
          : `${host} could not take the message right now (${reply}); Homing will try again.`,
        { reason: 'message_refused', reply },
      ),
    };
  }

  const net = networkError(host, f) ?? new HomingError('connection_lost', `The connection to ${host} failed while sending.`);
  if (net.code === 'untrusted_certificate' || net.code === 'tls_failed') return { kind: 'needs-user', error: net };
  if (phase === 'after-data') {
    return {
      kind: 'unknown',
      error: new HomingError(
        'connection_lost',
        `The connection to ${host} ended after the whole message was sent but before the server confirmed it. It may have been delivered; check with a recipient or in Sent before sending it again.`,
        { reason: 'outcome_unknown' },
      ),
    };
  }
  return { kind: 'not-sent', error: net };
};
