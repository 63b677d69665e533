import type { Security } from '../../../electron/contract';
import type { DiscoveryProtocol, ProbeResult } from '../../../electron/contract/wizard';
import { protocolLabel } from './wording';

/** "an IMAP server", "a POP3 server", "an SMTP server" (by how the names are spoken). */
const aServer = (protocol: DiscoveryProtocol): string => `${protocol === 'pop3' ? 'a' : 'an'} ${protocolLabel(protocol)} server`;

export type ProbeTone = 'good' | 'warning' | 'bad';

/** One line under a server's fields saying what the live check found, in plain words. */
export function probeSentence(
  protocol: DiscoveryProtocol,
  target: { host: string; port: number; security: Security },
  result: ProbeResult,
): { tone: ProbeTone; text: string } {
  const server = aServer(protocol);
  const Server = server.charAt(0).toUpperCase() + server.slice(1);
  const { host, port } = target;
  if (result.error) {
    const e = result.error;
    switch (e.code) {
      case 'host_not_found':
        return { tone: 'bad', text: `No server called “${host}” can be found.` };
      case 'connection_refused':
        return { tone: 'bad', text: `${host} refuses connections on port ${port}.` };
      case 'timeout':
        return { tone: 'bad', text: `${host} does not answer on port ${port}.` };
      case 'protocol_error': {
        const other = e.detail?.answeredAs;
        if (other === 'imap' || other === 'pop3' || other === 'smtp') {
          return { tone: 'bad', text: `Port ${port} on ${host} is not ${server}; it answered like ${aServer(other)}. Check the port.` };
        }
        return { tone: 'bad', text: `${host} answered on port ${port}, but not like ${server}.` };
      }
      case 'tls_failed':
        if (result.speaks && !result.starttlsOffered) {
          return { tone: 'bad', text: `${Server} answers, but it offers no encryption (STARTTLS) on port ${port}.` };
        }
        return {
          tone: 'bad',
          text:
            target.security === 'tls'
              ? `Encryption could not start on port ${port}. This port may expect “Encrypted after connecting (STARTTLS)” instead.`
              : `Encryption could not start on port ${port}.`,
        };
      default:
        return { tone: 'bad', text: e.message };
    }
  }
  if (result.encryption === 'none') {
    return {
      tone: 'warning',
      text: `${Server} answers at ${host}, but this connection is not encrypted.${result.starttlsOffered ? ' It offers encryption: choose “Encrypted after connecting (STARTTLS)”.' : ''}`,
    };
  }
  const parts = [`${Server} answers at ${host}, encrypted.`];
  if (result.certificate && !result.certificate.trusted)
    parts.push('Its certificate is not trusted by this computer; you can look at it when you sign in.');
  if (result.loginDisabled) return { tone: 'warning', text: `${parts.join(' ')} It does not accept a password on this connection.` };
  return { tone: result.certificate && !result.certificate.trusted ? 'warning' : 'good', text: parts.join(' ') };
}
