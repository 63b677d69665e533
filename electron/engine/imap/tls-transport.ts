import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';

import type { ImapTransport, ImapTransportOptions, ImapTransportSocket } from 'imapflow';

/**
 * Decides, after the handshake and before a single IMAP byte is read or written over TLS, whether
 * the session may go on. Returning an Error destroys the socket with it.
 */
export type PeerCheck = (socket: TLSSocket) => Error | null;

/**
 * An imapflow transport that runs the TLS handshake with Node's verification result recorded but
 * not enforced, then applies `check` itself. imapflow only learns the socket is connected (and
 * only then sends LOGIN) after `check` passed, for implicit TLS and STARTTLS alike.
 *
 * Used only where Node's own `rejectUnauthorized: true` cannot express the rule: a per-account
 * pinned certificate, and reading a refused certificate's details for the user.
 */
export const createCheckedTlsTransport = (check: PeerCheck): ImapTransport => {
  const secure = (options: ConnectionOptions, onSecure: () => void): TLSSocket => {
    const socket = tlsConnect({ ...options, rejectUnauthorized: false });
    socket.once('secureConnect', () => {
      let verdict: Error | null;
      try {
        verdict = check(socket);
      } catch (err) {
        verdict = err instanceof Error ? err : new Error(String(err));
      }
      if (verdict) socket.destroy(verdict);
      else onSecure();
    });
    return socket;
  };
  const tlsOptions = (opts: ImapTransportOptions): ConnectionOptions => ({
    ...opts.tls,
    host: opts.host,
    port: opts.port,
    ...(opts.servername ? { servername: opts.servername } : {}),
  });
  return {
    connect(opts, onConnect) {
      if (opts.secure) return secure(tlsOptions(opts), onConnect) as ImapTransportSocket;
      const socket = netConnect({ host: opts.host, port: opts.port });
      socket.once('connect', onConnect);
      return socket as ImapTransportSocket;
    },
    upgrade(socket, opts, onSecure) {
      // STARTTLS: the handshake runs over the already connected cleartext socket.
      return secure({ ...tlsOptions(opts), socket: socket as unknown as Socket }, onSecure) as ImapTransportSocket;
    },
  };
};
