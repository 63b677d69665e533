import { HomingError, type Security } from '../../../contract';
import type { DiscoveryProtocol, ProbeResult } from '../../../contract/wizard';
import type { LookupFunction } from '../autoconfig/dns';
import {
  type Capabilities,
  classifyGreeting,
  imapCapabilities,
  imapStarttls,
  pop3Capabilities,
  pop3Stls,
  smtpEhlo,
  smtpReply,
  smtpStarttls,
} from './dialogues';
import { ProbeSocket, serverSays } from './probe-socket';

export interface ProbeTarget {
  protocol: DiscoveryProtocol;
  host: string;
  port: number;
  security: Security;
}

export interface ProbeEnv {
  timeoutMs: number;
  signal: AbortSignal;
  lookup?: LookupFunction;
  extraCa?: string;
}

const protocolName: Record<DiscoveryProtocol, string> = { imap: 'IMAP', pop3: 'POP3', smtp: 'SMTP' };

const noResult = (error: HomingError, speaks = false): ProbeResult => ({
  speaks,
  encryption: null,
  starttlsOffered: false,
  certificate: null,
  authMechanisms: [],
  loginDisabled: false,
  error: error.toAppError(),
});

async function capabilities(protocol: DiscoveryProtocol, socket: ProbeSocket, round: number): Promise<Capabilities> {
  switch (protocol) {
    case 'imap':
      return imapCapabilities(socket, `h${round}`);
    case 'pop3':
      return pop3Capabilities(socket);
    case 'smtp':
      return smtpEhlo(socket);
  }
}

async function starttls(protocol: DiscoveryProtocol, socket: ProbeSocket): Promise<void> {
  switch (protocol) {
    case 'imap':
      return imapStarttls(socket, 'h2');
    case 'pop3':
      return pop3Stls(socket);
    case 'smtp':
      return smtpStarttls(socket);
  }
}

const goodbye: Record<DiscoveryProtocol, string> = { imap: 'h9 LOGOUT', pop3: 'QUIT', smtp: 'QUIT' };

/**
 * Looks at one server without a password: does it answer, in which protocol, with which
 * encryption, with a certificate we trust, and does it allow password login? Used by guessing
 * and by the manual form's live check. Always resolves; failures are in `error`.
 */
export async function probeServer(target: ProbeTarget, env: ProbeEnv): Promise<ProbeResult> {
  const name = protocolName[target.protocol];
  let socket: ProbeSocket;
  try {
    socket = await ProbeSocket.open({
      host: target.host,
      port: target.port,
      implicitTls: target.security === 'tls',
      timeoutMs: env.timeoutMs,
      signal: env.signal,
      ...(env.lookup ? { lookup: env.lookup } : {}),
      ...(env.extraCa ? { extraCa: env.extraCa } : {}),
    });
  } catch (err) {
    return noResult(asHomingError(err));
  }
  let greeted = false;
  try {
    const first = await socket.readLine();
    const kind = classifyGreeting(first);
    if (kind === 'refused')
      return {
        ...noResult(new HomingError('server_refused', `${target.host} turned the connection away: ${serverSays(first)}`), true),
        certificate: socket.certificate,
      };
    if (kind !== target.protocol) {
      const answeredAs = kind === 'unknown' ? 'something else' : `a ${protocolName[kind]} server`;
      return {
        ...noResult(
          new HomingError('protocol_error', `${target.host}:${target.port} is not a ${name} server; it answered like ${answeredAs}.`, {
            answeredAs: kind,
          }),
        ),
        certificate: socket.certificate,
      };
    }
    greeted = true;
    // SMTP greetings may run over several lines ("220-…", then "220 …").
    if (kind === 'smtp' && first.startsWith('220-')) await smtpReply(socket);

    let caps = await capabilities(target.protocol, socket, 1);
    const starttlsOffered = caps.starttls;
    if (target.security === 'starttls') {
      if (!caps.starttls) {
        return {
          ...noResult(new HomingError('tls_failed', `${target.host} does not offer encryption (STARTTLS) on port ${target.port}.`), true),
          starttlsOffered: false,
          authMechanisms: caps.authMechanisms,
        };
      }
      await starttls(target.protocol, socket);
      // Capabilities may change once encrypted (RFC 3207 §4.2, RFC 9051 §6.2.1): ask again.
      caps = await capabilities(target.protocol, socket, 3);
    }
    return {
      speaks: true,
      encryption: socket.encrypted ? target.security : 'none',
      starttlsOffered,
      certificate: socket.certificate,
      authMechanisms: caps.authMechanisms,
      loginDisabled: caps.loginDisabled,
      error: null,
    };
  } catch (err) {
    return { ...noResult(asHomingError(err), greeted), certificate: socket.certificate };
  } finally {
    try {
      socket.write(goodbye[target.protocol]);
    } catch {
      // Already closed.
    }
    socket.close();
  }
}

const asHomingError = (err: unknown): HomingError =>
  err instanceof HomingError ? err : new HomingError('connection_lost', err instanceof Error ? err.message : String(err));
