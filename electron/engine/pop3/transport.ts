import net from 'node:net';
import tls from 'node:tls';

import type { TlsTrust } from './certificate';

export interface TransportOptions {
  host: string;
  port: number;
  tls: TlsTrust;
  /** Name to send as SNI and to check the certificate against; defaults to host. */
  servername?: string;
}

function tlsOptions(opts: TransportOptions): tls.ConnectionOptions {
  const name = opts.servername ?? opts.host;
  const pinned = opts.tls.trustedFingerprint256 !== undefined;
  return {
    host: name,
    // RFC 6066 §3: SNI carries host names only, never an IP literal.
    ...(net.isIP(name) === 0 ? { servername: name } : {}),
    ...(opts.tls.ca !== undefined ? { ca: opts.tls.ca } : {}),
    minVersion: 'TLSv1.2',
    // Verification is done by verifyPeer() on 'secureConnect' (it needs the certificate for the
    // error detail, which Node no longer exposes once it has rejected the handshake itself).
    rejectUnauthorized: false,
    // A pinned certificate replaces the chain and host name checks, so skip the latter.
    ...(pinned ? { checkServerIdentity: () => undefined } : {}),
  };
}

/** A TCP socket, or a TLS socket for implicit TLS (POP3S, RFC 8314). Connecting starts at once. */
export function createSocket(opts: TransportOptions, implicitTls: boolean): net.Socket {
  if (!implicitTls) return net.connect({ host: opts.host, port: opts.port });
  return tls.connect({ ...tlsOptions(opts), host: opts.host, port: opts.port });
}

/** Starts TLS on an established plaintext socket after "+OK" to STLS (RFC 2595 §4). */
export function upgradeSocket(plain: net.Socket, opts: TransportOptions): tls.TLSSocket {
  return tls.connect({ ...tlsOptions(opts), socket: plain });
}
