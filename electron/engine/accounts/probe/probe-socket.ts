import net from 'node:net';
import tls from 'node:tls';

import { HomingError } from '../../../contract';
import type { CertificateFacts } from '../../../contract/wizard';
import { certificateDetail } from '../../pop3/certificate';
import { printable, socketError, type SocketPhase } from '../../pop3/errors';
import type { LookupFunction } from '../autoconfig/dns';

export interface ProbeSocketOptions {
  host: string;
  port: number;
  implicitTls: boolean;
  /** The whole probe: connect, TLS, every line. The socket is destroyed when it runs out. */
  timeoutMs: number;
  signal: AbortSignal;
  lookup?: LookupFunction;
  /** Tests only: a CA trusted besides the system roots. */
  extraCa?: string;
}

/** Longest line a probe reads; greetings and capability lists are far shorter. */
const MAX_LINE = 16 * 1024;

/**
 * A line-oriented socket for password-less probes (greeting, CAPABILITY / CAPA / EHLO, STARTTLS).
 * Certificates are read, not enforced: a probe only reports whether the certificate is trusted,
 * and it never sends anything secret. Every wait is bounded by one deadline and the caller's signal.
 */
export class ProbeSocket {
  certificate: CertificateFacts | null = null;
  private socket: net.Socket;
  private buffer = '';
  private waiter: { resolve: (line: string) => void; reject: (err: unknown) => void } | null = null;
  private failure: HomingError | null = null;
  private phase: SocketPhase = 'connecting';
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort = () => this.fail(new HomingError('timeout', 'stopped'));
  private readonly where: string;

  private constructor(private readonly opts: ProbeSocketOptions) {
    this.where = `${opts.host}:${opts.port}`;
    this.timer = setTimeout(
      () => this.fail(new HomingError('timeout', `${this.where} did not answer within ${Math.round(opts.timeoutMs / 1000)} s`)),
      opts.timeoutMs,
    );
    opts.signal.addEventListener('abort', this.onAbort, { once: true });
    const common = { host: opts.host, port: opts.port, ...(opts.lookup ? { lookup: opts.lookup } : {}) };
    this.socket = opts.implicitTls ? tls.connect({ ...common, ...this.tlsOptions() }) : net.connect(common);
    this.attach(this.socket);
  }

  /** Connects (and for implicit TLS, completes the handshake). */
  static async open(opts: ProbeSocketOptions): Promise<ProbeSocket> {
    if (opts.signal.aborted) throw new HomingError('timeout', 'stopped');
    const probe = new ProbeSocket(opts);
    await probe.connected(probe.socket, opts.implicitTls);
    return probe;
  }

  private tlsOptions(): tls.ConnectionOptions {
    return {
      ...(net.isIP(this.opts.host) === 0 ? { servername: this.opts.host } : {}),
      ...(this.opts.extraCa ? { ca: [...tls.rootCertificates, this.opts.extraCa] } : {}),
      minVersion: 'TLSv1.2',
      // Read, not enforced (see the class comment): verification is reported in `certificate`.
      rejectUnauthorized: false,
    };
  }

  private attach(socket: net.Socket): void {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      if (this.buffer.length > MAX_LINE && !this.buffer.includes('\n'))
        this.fail(new HomingError('protocol_error', `${this.where} sent an over-long line`));
      this.deliver();
    });
    socket.on('error', (err: Error & { code?: string }) => this.fail(socketError(err, this.phase, this.where)));
    socket.on('close', () => this.fail(new HomingError('connection_lost', `${this.where} closed the connection`)));
  }

  private connected(socket: net.Socket, isTls: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const done = () => {
        if (isTls) this.readCertificate(socket as tls.TLSSocket);
        this.phase = 'ready';
        this.waiter = null;
        resolve();
      };
      this.waiter = { resolve: () => undefined, reject };
      if (isTls) {
        this.phase = 'handshake';
        socket.once('secureConnect', done);
      } else {
        socket.once('connect', done);
      }
    });
  }

  private readCertificate(socket: tls.TLSSocket): void {
    const cert = socket.getPeerCertificate();
    if (!cert || !cert.fingerprint256) return;
    const detail = certificateDetail(cert);
    // Node types it as Error but sets the OpenSSL / host-check code string.
    const raw: unknown = socket.authorizationError;
    const reason =
      typeof raw === 'string' ? raw : raw instanceof Error ? ((raw as Error & { code?: string }).code ?? raw.message) : undefined;
    this.certificate = {
      trusted: socket.authorized,
      subject: detail.subject ?? '',
      issuer: detail.issuer ?? '',
      validFrom: detail.validFrom ?? '',
      validTo: detail.validTo ?? '',
      fingerprint256: detail.fingerprint256 ?? '',
      ...(socket.authorized || !reason ? {} : { reason }),
    };
  }

  private deliver(): void {
    if (!this.waiter) return;
    const end = this.buffer.indexOf('\n');
    if (end < 0) return;
    const line = this.buffer.slice(0, end).replace(/\r$/, '');
    this.buffer = this.buffer.slice(end + 1);
    const { resolve } = this.waiter;
    this.waiter = null;
    resolve(line);
  }

  private fail(err: HomingError): void {
    if (this.failure) return;
    this.failure = err;
    this.close();
    this.waiter?.reject(err);
    this.waiter = null;
  }

  /** The next line without its CRLF. */
  readLine(): Promise<string> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.waiter = { resolve, reject };
      this.deliver();
    });
  }

  write(line: string): void {
    if (this.failure) throw this.failure;
    this.socket.write(`${line}\r\n`);
  }

  /**
   * STARTTLS / STLS after the server's go-ahead. Anything already received in plaintext would be
   * a response injected before encryption (CVE-2011-0411 class); refuse rather than read it.
   */
  async upgrade(): Promise<void> {
    if (this.buffer.length > 0) {
      const err = new HomingError('protocol_error', `${this.where} sent data before encryption started; possible tampering`);
      this.fail(err);
      throw err;
    }
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    plain.on('error', () => undefined);
    this.socket = tls.connect({ ...this.tlsOptions(), socket: plain });
    this.attach(this.socket);
    await this.connected(this.socket, true);
  }

  get encrypted(): boolean {
    return this.socket instanceof tls.TLSSocket;
  }

  close(): void {
    clearTimeout(this.timer);
    this.opts.signal.removeEventListener('abort', this.onAbort);
    this.socket.destroy();
  }
}

/** Server text made safe for messages: printable, short. */
export const serverSays = (line: string): string => printable(line, 120);
