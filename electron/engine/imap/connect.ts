import type { TLSSocket } from 'node:tls';

import { ImapFlow, type ImapFlowOptions } from 'imapflow';

import { HomingError, type ServerSettings } from '../../contract';
import type { Logger } from '../log';
import { certificateDetail, toHomingError, untrustedCertificateError } from './errors';
import { createCheckedTlsTransport } from './tls-transport';

/** Things only tests and special setups need; never part of stored account settings. */
export interface ImapConnectExtras {
  /** An extra CA certificate (PEM) trusted for this connection, e.g. a test server's self-signed one. */
  tlsCa?: string;
  /** Per-connection timeouts in ms; defaults suit real networks. */
  connectTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
  /**
   * Do not ENABLE CONDSTORE/QRESYNC even if offered, to run the fallback paths (UID/flags diff)
   * against a real server in tests. Never set in the app.
   */
  withoutModseq?: boolean;
}

export type ConnectionRole = 'main' | 'watch' | 'probe';

/**
 * Size guards well under imapflow's 1 GB defaults: a hostile or broken server must not make us
 * buffer gigabytes. Bodies are downloaded in 64 KB partial fetches (fetch-source.ts), so the
 * literal cap only bounds a single FETCH item; the line cap bounds ENVELOPE/BODYSTRUCTURE and
 * SEARCH answers (a million UIDs is about 8 MB).
 */
export const sizeGuards = {
  maxLineLength: 32 * 1024 * 1024,
  maxLiteralSize: 64 * 1024 * 1024,
  maxResponseSize: 96 * 1024 * 1024,
  maxResponseTokens: 500_000,
} as const;

/** SHA-256 pin check: the certificate chain validated normally, or it is exactly the pinned one. */
export const pinCheck =
  (host: string, pin: string) =>
  (socket: TLSSocket): Error | null => {
    if (socket.authorized) return null;
    const cert = socket.getPeerCertificate();
    // Exact string comparison of Node's canonical "AB:CD:…" form; the contract's schema enforces
    // that form for the stored pin, so no normalisation can widen what matches.
    if (cert && cert.fingerprint256 === pin) return null;
    return untrustedCertificateError(
      host,
      cert && cert.fingerprint256 ? certificateDetail(cert) : undefined,
      socket.authorizationError?.toString(),
    );
  };

/**
 * ImapFlow options for one connection. TLS is never opportunistic: `tls` is implicit TLS,
 * `starttls` requires the upgrade (`doSTARTTLS: true`, so a stripped STARTTLS capability fails
 * instead of falling back), and `none` needs the user's recorded consent.
 */
export const buildImapFlowOptions = (
  settings: ServerSettings,
  password: string | null,
  role: ConnectionRole,
  extras: ImapConnectExtras = {},
): ImapFlowOptions => {
  if (settings.security === 'none' && !settings.allowCleartextPassword) {
    throw new HomingError(
      'cleartext_refused',
      `Homing will not send your password to ${settings.host} without encryption unless you allow it in the account settings.`,
    );
  }
  const tls = {
    // Certificate validation stays on; a pin (below) is the only exception and only for one cert.
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2' as const,
    ...(extras.tlsCa ? { ca: [extras.tlsCa] } : {}),
  };
  const options: ImapFlowOptions = {
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    ...(settings.security === 'starttls' ? { doSTARTTLS: true } : {}),
    ...(settings.security === 'none' ? { doSTARTTLS: false } : {}),
    tls,
    ...(password === null ? {} : { auth: { user: settings.username, pass: password } }),
    // imapflow's own log lines can carry the user name and server text; ours are enough.
    logger: false,
    clientInfo: { name: 'Homing' },
    qresync: true,
    connectionTimeout: extras.connectTimeoutMs ?? 30_000,
    greetingTimeout: extras.greetingTimeoutMs ?? 16_000,
    socketTimeout: extras.socketTimeoutMs ?? 5 * 60_000,
    ...sizeGuards,
  };
  if (extras.withoutModseq) {
    options.qresync = false;
    options.disableAutoEnable = true;
  }
  if (role === 'watch') {
    // The INBOX watcher does nothing but IDLE: start it almost at once and renew it well inside
    // the 29-minute limit of RFC 2177 and the socket timeout.
    options.autoIdleDelay = 200;
    options.maxIdleTime = 4 * 60_000;
  } else if (role === 'probe') {
    options.disableAutoIdle = true;
  }
  if (settings.trustedFingerprint256 && settings.security !== 'none') {
    options.transport = createCheckedTlsTransport(pinCheck(settings.host, settings.trustedFingerprint256));
  }
  return options;
};

/**
 * Reads the certificate a server presents without sending anything beyond STARTTLS: the
 * handshake is aborted by the check, and the probe never has credentials to send. Used only to
 * show the user what they are asked to trust after a normal connection refused it.
 */
export const probeCertificate = async (
  settings: ServerSettings,
  extras: ImapConnectExtras = {},
): Promise<Record<string, string> | undefined> => {
  if (settings.security === 'none') return undefined;
  let detail: Record<string, string> | undefined;
  const options = buildImapFlowOptions({ ...settings, trustedFingerprint256: undefined }, null, 'probe', {
    ...extras,
    connectTimeoutMs: 10_000,
    greetingTimeoutMs: 10_000,
  });
  options.transport = createCheckedTlsTransport((socket) => {
    const cert = socket.getPeerCertificate();
    if (cert && cert.fingerprint256) detail = certificateDetail(cert);
    return new Error('certificate read; probe ends here');
  });
  const client = new ImapFlow(options);
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch {
    // Expected: the check always aborts the handshake.
  } finally {
    client.close();
  }
  return detail;
};

export interface OpenClientOptions {
  settings: ServerSettings;
  password: string;
  role: ConnectionRole;
  extras?: ImapConnectExtras;
  log: Logger;
  /** Called once when this connection ends for any reason after it was established. */
  onClose: (client: ImapFlow) => void;
}

/** Connects and logs in; every failure becomes a HomingError with a stable code. */
export const openImapClient = async ({ settings, password, role, extras, log, onClose }: OpenClientOptions): Promise<ImapFlow> => {
  const client = new ImapFlow(buildImapFlowOptions(settings, password, role, extras));
  // Without a listener an 'error' event would throw and take the whole engine down.
  client.on('error', (err: Error) => {
    const e = toHomingError(err, settings.host);
    log.warn(`imap ${role} connection to ${settings.host}: ${e.code}: ${e.message}`);
  });
  try {
    await client.connect();
  } catch (err) {
    client.close();
    const e = toHomingError(err, settings.host);
    if (e.code === 'untrusted_certificate' && !e.detail) {
      const detail = await probeCertificate(settings, extras).catch(() => undefined);
      throw untrustedCertificateError(settings.host, detail, codeOf(err));
    }
    throw e;
  }
  let closed = false;
  client.on('close', () => {
    if (closed) return;
    closed = true;
    onClose(client);
  });
  if (client.isClosed && !closed) {
    closed = true;
    onClose(client);
  }
  return client;
};

const codeOf = (err: unknown): string | undefined => {
  const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
};

/** Logs out politely, but never waits long for a server that is gone. */
export const closeImapClient = async (client: ImapFlow, waitMs = 2_000): Promise<void> => {
  if (client.isClosed) return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.logout().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
    client.close();
  }
};
