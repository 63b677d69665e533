import type net from 'node:net';
import type tls from 'node:tls';

import { HomingError } from '../../contract/result';
import { verifyPeer } from './certificate';
import { afterStls, printable, socketError, type SocketPhase, unsolicited } from './errors';
import { OrderedDelivery } from './ordered-delivery';
import { ResponseReader } from './response-reader';
import type { StatusLine } from './status-line';
import type { Pop3Timeouts } from './timeouts';
import { createSocket, type TransportOptions, upgradeSocket } from './transport';

export interface ConnectionOptions extends TransportOptions {
  implicitTls: boolean;
  timeouts: Pop3Timeouts;
}

/** One command and how to read its answer. */
export interface CommandSpec {
  /** The command line without CRLF. */
  line: string;
  /** How errors and timeouts name the command. Never a secret: AUTH and PASS lines are labelled by verb only. */
  label: string;
  /** A +OK answer is followed by a multi-line body (RETR, TOP, LIST, UIDL, CAPA). */
  multiline?: boolean;
  /** A SASL continuation ("+ ...") is a valid answer (AUTH exchanges, RFC 5034). */
  continuation?: boolean;
  /**
   * Receives the body in pieces. If it returns a promise, the socket is paused until it settles
   * (backpressure). If it throws or rejects, the rest of the body is read and dropped, and the
   * command rejects with that error; the session stays usable.
   */
  onBody?: (chunk: Buffer) => void | Promise<void>;
  /** A body longer than this fails the session (a hostile server could stream a listing forever). */
  maxBodyBytes?: number;
  /** STLS: after a +OK nothing more may arrive in plaintext; the caller switches to TLS next. */
  endsPlaintext?: boolean;
}

interface Pending {
  spec: CommandSpec;
  timeoutMs: number;
  resolve: (status: StatusLine) => void;
  reject: (err: unknown) => void;
  /** The +OK that opened a body still being read. */
  status?: StatusLine;
  bodyBytes: number;
  consumerFailed: boolean;
  consumerError?: unknown;
  settled: boolean;
}

interface PhaseWaiter {
  resolve: () => void;
  reject: (err: unknown) => void;
  timer: NodeJS.Timeout;
}

const noop = (): void => undefined;

/**
 * One POP3 session's socket: connecting, TLS (implicit or STLS), writing commands and matching
 * answers to them in order (so pipelined commands work), and every timeout.
 *
 * Error-safe by design: a socket 'error', a close, unsolicited data or a timeout never escapes as an
 * exception. The first one becomes the session's `failure`: the socket is destroyed, everything
 * outstanding rejects with it, and so does every later command.
 */
export class Pop3Connection {
  private socket: net.Socket;
  private readonly sockets: net.Socket[] = [];
  private readonly reader: ResponseReader;
  private readonly pending: Pending[] = [];
  private failure: HomingError | undefined;
  private phase: SocketPhase = 'connecting';
  private phaseWaiter: PhaseWaiter | undefined;
  private secure: boolean;
  /** Body pieces and answers, handed out in wire order; while the consumer is busy the socket is paused. */
  private readonly delivery = new OrderedDelivery(
    () => {
      this.socket.pause();
      this.schedule(); // we are the slow side now: no silence timeout while paused
    },
    () => {
      if (this.failure) return;
      this.socket.resume();
      this.schedule();
    },
  );
  private silenceTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Set by a +OK to STLS until startTls(): any byte now would be plaintext injected before TLS. */
  private plaintextEnded = false;
  private readonly listeners = {
    data: (chunk: Buffer) => this.onData(chunk),
    error: (err: Error) => this.fail(socketError(err, this.phase, this.where())),
    close: () => this.onClose(),
  };

  private constructor(private readonly opts: ConnectionOptions) {
    this.reader = new ResponseReader({
      status: (status) => this.onStatus(status),
      body: (chunk) => this.onBody(chunk),
      end: () => this.onEnd(),
    });
    this.secure = opts.implicitTls;
    this.socket = createSocket(opts, opts.implicitTls);
    this.attach(this.socket);
  }

  /** Connects (and for implicit TLS verifies the certificate), then reads the greeting. */
  static async open(opts: ConnectionOptions): Promise<{ connection: Pop3Connection; greeting: StatusLine }> {
    const connection = new Pop3Connection(opts);
    // The greeting is the answer to no command; queue it first so it can never look unsolicited.
    const greeting = connection.expect({ line: '', label: 'greeting' }, opts.timeouts.greetingMs);
    greeting.catch(noop); // awaited below, unless connecting fails first
    try {
      await connection.waitForPhase(
        opts.timeouts.connectMs,
        `could not connect to ${connection.where()} within ${opts.timeouts.connectMs} ms`,
      );
      return { connection, greeting: await greeting };
    } catch (err) {
      connection.destroy();
      throw err;
    }
  }

  /** The failure that ended the session, if it has ended. */
  get error(): HomingError | undefined {
    return this.failure;
  }

  get encrypted(): boolean {
    return this.secure;
  }

  /**
   * Sends a command and resolves with the server's status line, +OK or -ERR alike (for a multi-line
   * +OK, once the body is complete and the consumer has caught up). Rejects only if the session
   * fails (timeout, connection lost, protocol error) or the body consumer fails.
   * Several calls may be outstanding at once (pipelining); answers are matched in order.
   */
  command(spec: CommandSpec): Promise<StatusLine> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.phase !== 'ready') return Promise.reject(new HomingError('internal', `${spec.label} sent before the session was ready`));
    // A CR or LF inside an argument would smuggle in a second command (e.g. via a user name).
    if (/[\r\n\0]/.test(spec.line))
      return Promise.reject(new HomingError('invalid_input', `${spec.label}: argument contains a line break`));
    const answer = this.expect(spec, this.opts.timeouts.commandMs);
    this.socket.write(Buffer.from(`${spec.line}\r\n`, 'utf8'));
    return answer;
  }

  /**
   * Swaps the plaintext socket for TLS, right after "+OK" to STLS. Anything the server sent after
   * that +OK is refused: it was sent in the clear and could be injected (the STARTTLS injection bug
   * class, CVE-2011-0411). Call it in the same tick as the STLS answer arrives.
   */
  async startTls(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.secure) throw new HomingError('internal', 'STLS on a connection that is already encrypted');
    if (!this.plaintextEnded || !this.reader.idle || this.pending.length > 0) {
      const err = this.plaintextEnded ? afterStls() : new HomingError('internal', 'startTls() without a +OK to STLS');
      this.fail(err);
      throw err;
    }
    this.plaintextEnded = false;
    const plain = this.socket;
    this.detach(plain);
    plain.on('error', noop); // from now on errors surface on the TLS socket
    this.phase = 'handshake';
    this.schedule();
    this.socket = upgradeSocket(plain, this.opts);
    this.secure = true;
    this.attach(this.socket);
    await this.waitForPhase(
      this.opts.timeouts.commandMs,
      `TLS handshake with ${this.where()} took longer than ${this.opts.timeouts.commandMs} ms`,
    );
  }

  /** Ends the session now, without QUIT (so the server commits no DELE). Idempotent. */
  destroy(): void {
    this.fail(new HomingError('connection_lost', 'the session was closed'));
  }

  // ── connecting ────────────────────────────────────────────────────────────

  private where(): string {
    return `${this.opts.host}:${this.opts.port}`;
  }

  private attach(socket: net.Socket): void {
    this.sockets.push(socket);
    socket.on('data', this.listeners.data);
    socket.on('error', this.listeners.error);
    socket.on('close', this.listeners.close);
    if (this.secure) {
      // TCP is up; errors from here to 'secureConnect' are TLS failures.
      socket.once('connect', () => {
        if (this.phase === 'connecting') this.phase = 'handshake';
      });
      socket.once('secureConnect', () => this.onConnected());
    } else {
      socket.once('connect', () => this.onConnected());
    }
  }

  private detach(socket: net.Socket): void {
    socket.off('data', this.listeners.data);
    socket.off('error', this.listeners.error);
    socket.off('close', this.listeners.close);
    socket.removeAllListeners('connect');
    socket.removeAllListeners('secureConnect');
  }

  private waitForPhase(timeoutMs: number, timeoutMessage: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new HomingError('timeout', timeoutMessage)), timeoutMs);
      this.phaseWaiter = { resolve, reject, timer };
    });
  }

  private onConnected(): void {
    if (this.failure) return;
    if (this.secure) {
      // Nothing is read from a TLS socket until its certificate has passed.
      const untrusted = verifyPeer(this.socket as tls.TLSSocket, this.opts.tls);
      if (untrusted) {
        this.fail(untrusted);
        return;
      }
    }
    this.socket.setNoDelay(true);
    this.phase = 'ready';
    const waiter = this.phaseWaiter;
    this.phaseWaiter = undefined;
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
    this.schedule();
  }

  // ── reading ───────────────────────────────────────────────────────────────

  private expect(spec: CommandSpec, timeoutMs: number): Promise<StatusLine> {
    return new Promise<StatusLine>((resolve, reject) => {
      this.pending.push({ spec, timeoutMs, resolve, reject, bodyBytes: 0, consumerFailed: false, settled: false });
      this.schedule();
    });
  }

  private onData(chunk: Buffer): void {
    if (this.failure) return;
    if (this.plaintextEnded) {
      this.fail(afterStls());
      return;
    }
    if (this.pending.length === 0) {
      this.fail(unsolicited(chunk.subarray(0, 200).toString('latin1')));
      return;
    }
    this.silenceTimer?.refresh();
    try {
      this.reader.push(chunk);
    } catch (err) {
      this.fail(err instanceof HomingError ? err : new HomingError('protocol_error', printable(String(err))));
    }
  }

  // The three ResponseSink callbacks. Throwing here fails the session (via onData's catch).

  private onStatus(status: StatusLine): boolean {
    if (this.plaintextEnded) throw afterStls();
    const head = this.pending[0];
    if (!head) throw unsolicited(`${status.kind === 'ok' ? '+OK' : status.kind === 'err' ? '-ERR' : '+'} ${status.text}`);
    if (status.kind === 'continue' && !head.spec.continuation) {
      throw new HomingError('protocol_error', `server sent a SASL continuation in answer to ${head.spec.label}`);
    }
    if (status.kind === 'ok' && head.spec.multiline) {
      head.status = status;
      return true;
    }
    this.pending.shift();
    if (head.spec.endsPlaintext && status.kind === 'ok') this.plaintextEnded = true;
    this.complete(head, status);
    return false;
  }

  private onBody(chunk: Buffer): void {
    const head = this.pending[0];
    if (!head) throw new HomingError('internal', 'body without a command');
    head.bodyBytes += chunk.length;
    const max = head.spec.maxBodyBytes;
    if (max !== undefined && head.bodyBytes > max) {
      throw new HomingError('protocol_error', `answer to ${head.spec.label} is longer than ${max} bytes`);
    }
    const consume = head.spec.onBody;
    if (consume) this.deliver(head, consume, chunk);
  }

  private onEnd(): void {
    const head = this.pending.shift();
    if (!head?.status) throw new HomingError('internal', 'body end without a command');
    this.complete(head, head.status);
  }

  private complete(entry: Pending, status: StatusLine): void {
    // Answers settle in wire order, after the consumer has seen every body byte before them.
    this.delivery.run(() => {
      if (entry.settled) return;
      entry.settled = true;
      if (entry.consumerFailed) entry.reject(entry.consumerError);
      else entry.resolve(status);
    });
    clearTimeout(this.silenceTimer);
    this.silenceTimer = undefined;
    this.schedule();
  }

  /** Hands a body piece to its consumer; a consumer's throw or rejection is kept for its command. */
  private deliver(entry: Pending, consume: (chunk: Buffer) => void | Promise<void>, chunk: Buffer): void {
    const fault = (err: unknown): void => {
      entry.consumerFailed = true;
      entry.consumerError = err;
    };
    this.delivery.run(() => {
      if (entry.consumerFailed || entry.settled) return undefined;
      try {
        const result = consume(chunk);
        if (result && typeof result.then === 'function') return Promise.resolve(result).then(noop, fault);
      } catch (err) {
        fault(err);
      }
      return undefined;
    });
  }

  // ── timers and failure ─────────────────────────────────────────────────────

  /** Arms the one timer that applies now: silence while an answer is due, idle otherwise. */
  private schedule(): void {
    if (this.failure || this.phase !== 'ready') {
      this.clearTimers();
      return;
    }
    const head = this.pending[0];
    if (head) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
      if (this.delivery.busy) {
        clearTimeout(this.silenceTimer);
        this.silenceTimer = undefined;
      } else if (!this.silenceTimer) {
        const ms = head.timeoutMs;
        const label = head.spec.label;
        this.silenceTimer = setTimeout(() => this.fail(new HomingError('timeout', `no answer to ${label} within ${ms} ms`)), ms);
      }
    } else {
      clearTimeout(this.silenceTimer);
      this.silenceTimer = undefined;
      if (!this.idleTimer) {
        const ms = this.opts.timeouts.idleMs;
        // Dropped, not QUIT: QUIT would commit DELEs the caller may not have meant to finish.
        this.idleTimer = setTimeout(
          () => this.fail(new HomingError('timeout', `session idle for ${ms} ms; closed without QUIT, nothing was deleted`)),
          ms,
        );
      }
    }
  }

  private clearTimers(): void {
    clearTimeout(this.silenceTimer);
    clearTimeout(this.idleTimer);
    this.silenceTimer = undefined;
    this.idleTimer = undefined;
  }

  private onClose(): void {
    if (this.failure) return;
    const head = this.pending[0];
    if (this.phase === 'handshake')
      this.fail(new HomingError('tls_failed', `${this.where()} closed the connection during the TLS handshake`));
    else if (this.phase === 'connecting') this.fail(new HomingError('connection_lost', `${this.where()} closed the connection`));
    else if (head) this.fail(new HomingError('connection_lost', `${this.where()} closed the connection during ${head.spec.label}`));
    else this.fail(new HomingError('connection_lost', `${this.where()} closed the connection`));
  }

  /** The first failure wins and ends the session; everything outstanding rejects with it. */
  private fail(err: HomingError): void {
    if (this.failure) return;
    this.failure = err;
    this.clearTimers();
    const waiter = this.phaseWaiter;
    this.phaseWaiter = undefined;
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.reject(err);
    }
    for (const entry of this.pending.splice(0)) {
      if (entry.settled) continue;
      entry.settled = true;
      entry.reject(err);
    }
    // A late error after destroy must not become uncaught.
    for (const socket of this.sockets) socket.on('error', noop);
    // Only the outermost socket: destroying it closes the TCP handle. Destroying the plaintext socket
    // under a TLS socket made by STLS as well crashes Node 20 (SIGSEGV at exit; seen in our tests).
    this.socket.destroy();
  }
}
