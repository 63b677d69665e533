import { HomingError } from '../../contract/result';
import { apopTimestamp, authenticate, chooseMechanism, type LoginMechanism } from './auth';
import { parseCapabilities, type Pop3Capabilities } from './capabilities';
import { assertFingerprint, type TlsTrust } from './certificate';
import { CommandQueue } from './command-queue';
import { type CommandSpec, Pop3Connection } from './connection';
import { commandError, printable } from './errors';
import { parseList, parseStat, parseUidl } from './listings';
import { runPipelined } from './pipeline';
import type { StatusLine } from './status-line';
import { type Pop3Timeouts, resolveTimeouts } from './timeouts';

export interface Pop3ConnectOptions {
  host: string;
  port: number;
  /** 'tls': implicit TLS (port 995). 'starttls': plaintext, then STLS before anything else. 'none': plaintext. */
  security: 'tls' | 'starttls' | 'none';
  /** Allow login on an unencrypted connection. Off by default; login then fails with cleartext_refused. */
  allowCleartextPassword?: boolean;
  tls?: TlsTrust;
  timeouts?: Partial<Pop3Timeouts>;
  /** Name for SNI and the certificate check, when it differs from host (e.g. connecting by IP). */
  servername?: string;
}

export interface LoginOptions {
  mechanism?: LoginMechanism;
}

/** How many commands may be outstanding when the server offers PIPELINING. */
export const PIPELINE_WINDOW = 8;
const MAX_CAPA_BYTES = 64 * 1024;
// A listing line is ~20 bytes; this allows millions of messages but not an endless stream.
const MAX_LISTING_BYTES = 64 * 1024 * 1024;

type SessionState = 'authorization' | 'transaction' | 'closed';

function assertMessageNumber(msgno: number): void {
  if (!Number.isSafeInteger(msgno) || msgno < 1) throw new HomingError('invalid_input', `not a message number: ${String(msgno)}`);
}

/** Collects a multi-line body into one Buffer. */
function collector(): { onBody: (chunk: Buffer) => void; bytes: () => Buffer } {
  const parts: Buffer[] = [];
  return { onBody: (chunk) => void parts.push(chunk), bytes: () => Buffer.concat(parts) };
}

/**
 * A POP3 client (RFC 1939) for a product that deletes mail from servers: byte-exact, streaming,
 * strict about the protocol, with a timeout on every wait and STLS (RFC 2595), CAPA and
 * PIPELINING (RFC 2449), response codes (RFC 3206), SASL PLAIN (RFC 5034) and APOP.
 *
 * Every method runs through one queue, so concurrent callers never interleave on the wire. Any
 * network failure ends the session; the method that hit it and every later one reject with it.
 * Messages marked with DELE are only removed if quit() resolves; close() and every failure leave
 * the mailbox as it was (RFC 1939 §6).
 */
export class Pop3Client {
  private readonly queue = new CommandQueue();
  private state: SessionState = 'authorization';
  private caps: Pop3Capabilities | null = null;

  private constructor(
    private readonly connection: Pop3Connection,
    private readonly greetingLine: StatusLine,
    private readonly allowCleartextPassword: boolean,
  ) {}

  /** Connects, reads the greeting, runs CAPA, and for 'starttls' upgrades with STLS (then CAPA again). */
  static async connect(opts: Pop3ConnectOptions): Promise<Pop3Client> {
    if (typeof opts.host !== 'string' || opts.host.length === 0 || /[\s/]/.test(opts.host)) {
      throw new HomingError('invalid_input', 'host is empty or not a host name');
    }
    if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535)
      throw new HomingError('invalid_input', 'port must be 1 to 65535');
    // Anything but these three would silently mean plaintext.
    if (!['tls', 'starttls', 'none'].includes(opts.security))
      throw new HomingError('invalid_input', 'security must be tls, starttls or none');
    const trust = opts.tls ?? {};
    if (trust.trustedFingerprint256 !== undefined) assertFingerprint(trust.trustedFingerprint256);
    const timeouts = resolveTimeouts(opts.timeouts);
    const { connection, greeting } = await Pop3Connection.open({
      host: opts.host,
      port: opts.port,
      implicitTls: opts.security === 'tls',
      tls: trust,
      ...(opts.servername !== undefined ? { servername: opts.servername } : {}),
      timeouts,
    });
    const client = new Pop3Client(connection, greeting, opts.allowCleartextPassword === true);
    try {
      if (greeting.kind !== 'ok') throw commandError('greeting', greeting);
      await client.fetchCapabilities();
      if (opts.security === 'starttls') await client.startTls();
      return client;
    } catch (err) {
      connection.destroy();
      throw err;
    }
  }

  /** The greeting's text (after "+OK"), latin1. */
  get greeting(): string {
    return this.greetingLine.text;
  }

  /** The last CAPA answer, or null if the server does not support CAPA. */
  get capabilities(): Pop3Capabilities | null {
    return this.caps;
  }

  get encrypted(): boolean {
    return this.connection.encrypted;
  }

  /** Runs CAPA again (RFC 2449 §5); null if the server answers -ERR (a pre-CAPA server). */
  capa(): Promise<Pop3Capabilities | null> {
    return this.queue.run(() => this.fetchCapabilities());
  }

  /**
   * Logs in. 'auto' picks SASL PLAIN if offered, else USER/PASS; APOP only if it is all there is.
   * Refuses (cleartext_refused) to send credentials, APOP digests included, over an unencrypted
   * connection unless allowCleartextPassword was set.
   */
  login(user: string, pass: string, opts: LoginOptions = {}): Promise<void> {
    return this.queue.run(async () => {
      this.requireState('authorization', 'login');
      if (!this.connection.encrypted && !this.allowCleartextPassword) {
        throw new HomingError('cleartext_refused', 'refusing to send the password over an unencrypted connection');
      }
      const mechanism = chooseMechanism(opts.mechanism ?? 'auto', this.caps, apopTimestamp(this.greetingLine.text));
      await authenticate(this.connection, mechanism, { user, pass }, this.greetingLine.text);
      this.state = 'transaction';
      // RFC 2449 §5: capabilities may differ once logged in (e.g. PIPELINING, EXPIRE).
      if (this.caps) await this.fetchCapabilities();
    });
  }

  /** STAT: number of messages and their total size in octets. */
  stat(): Promise<{ count: number; size: number }> {
    return this.transaction('STAT', async () =>
      parseStat(this.ok(await this.connection.command({ line: 'STAT', label: 'STAT' }), 'STAT').text),
    );
  }

  /** LIST: message number → size in octets, for every message not marked deleted. */
  list(): Promise<Map<number, number>> {
    return this.transaction('LIST', async () =>
      parseList(await this.collect({ line: 'LIST', label: 'LIST', maxBodyBytes: MAX_LISTING_BYTES })),
    );
  }

  /** UIDL: every message's unique-id, in the server's order. no_uidl if the server lacks UIDL. */
  uidl(): Promise<{ msgno: number; uidl: string }[]> {
    return this.transaction('UIDL', async () => {
      const body = collector();
      const status = await this.connection.command({
        line: 'UIDL',
        label: 'UIDL',
        multiline: true,
        onBody: body.onBody,
        maxBodyBytes: MAX_LISTING_BYTES,
      });
      if (status.kind !== 'ok') throw new HomingError('no_uidl', `server does not support UIDL: ${printable(status.text)}`);
      return parseUidl(body.bytes());
    });
  }

  /** TOP: the header and the first `lines` body lines of a message, byte-exact. */
  top(msgno: number, lines: number): Promise<Buffer> {
    return this.transaction('TOP', () => {
      assertMessageNumber(msgno);
      if (!Number.isSafeInteger(lines) || lines < 0) throw new HomingError('invalid_input', 'TOP needs a line count of 0 or more');
      return this.collect({ line: `TOP ${msgno} ${lines}`, label: `TOP ${msgno}` });
    });
  }

  /**
   * RETR, streamed: `onChunk` gets the message's exact bytes (CRLF line ends, unstuffed, without the
   * terminating line) in pieces, in order. Returning a promise pauses the socket until it settles.
   * Resolves with the message size in octets once `onChunk` has finished with the last piece.
   */
  retr(msgno: number, onChunk: (chunk: Buffer) => void | Promise<void>): Promise<number> {
    return this.transaction('RETR', async () => {
      assertMessageNumber(msgno);
      let size = 0;
      const status = await this.connection.command({
        line: `RETR ${msgno}`,
        label: `RETR ${msgno}`,
        multiline: true,
        onBody: (chunk) => {
          size += chunk.length;
          return onChunk(chunk);
        },
      });
      this.ok(status, `RETR ${msgno}`);
      return size;
    });
  }

  /** RETR into one Buffer. */
  retrToBuffer(msgno: number): Promise<Buffer> {
    return this.transaction('RETR', async () => {
      assertMessageNumber(msgno);
      return this.collect({ line: `RETR ${msgno}`, label: `RETR ${msgno}` });
    });
  }

  /**
   * RETR for several messages, pipelined when the server offers PIPELINING (up to PIPELINE_WINDOW
   * outstanding), one at a time otherwise. `onMessage` is called in the order given, one message at
   * a time; a returned promise is awaited before the next. Stops at the first -ERR or throw
   * (after reading the answers already due) and rejects with it.
   */
  retrMany(msgnos: readonly number[], onMessage: (msgno: number, message: Buffer) => void | Promise<void>): Promise<void> {
    return this.transaction('RETR', () => {
      msgnos.forEach(assertMessageNumber);
      return runPipelined(
        msgnos,
        this.window(),
        async (msgno) => {
          const body = collector();
          const status = await this.connection.command({
            line: `RETR ${msgno}`,
            label: `RETR ${msgno}`,
            multiline: true,
            onBody: body.onBody,
          });
          return { status, bytes: body.bytes };
        },
        (msgno, { status, bytes }) => {
          this.ok(status, `RETR ${msgno}`);
          return onMessage(msgno, bytes());
        },
      );
    });
  }

  /** DELE: marks a message deleted. The server removes it only when quit() succeeds. */
  dele(msgno: number): Promise<void> {
    return this.transaction('DELE', async () => {
      assertMessageNumber(msgno);
      this.ok(await this.connection.command({ line: `DELE ${msgno}`, label: `DELE ${msgno}` }), `DELE ${msgno}`);
    });
  }

  /**
   * DELE for several messages, pipelined when offered. On the first -ERR it stops and rejects with
   * server_refused (detail.msgno names it); messages before it stay marked until rset() or quit().
   */
  deleMany(msgnos: readonly number[]): Promise<void> {
    return this.transaction('DELE', () => {
      msgnos.forEach(assertMessageNumber);
      return runPipelined(
        msgnos,
        this.window(),
        (msgno) => this.connection.command({ line: `DELE ${msgno}`, label: `DELE ${msgno}` }),
        (msgno, status) => {
          if (status.kind !== 'ok') {
            const err = commandError(`DELE ${msgno}`, status);
            throw new HomingError(err.code, err.message, { msgno: String(msgno) });
          }
        },
      );
    });
  }

  /** RSET: unmarks every message marked deleted in this session. */
  rset(): Promise<void> {
    return this.transaction('RSET', async () => {
      this.ok(await this.connection.command({ line: 'RSET', label: 'RSET' }), 'RSET');
    });
  }

  /** NOOP: keeps the session alive, checks it still is. */
  noop(): Promise<void> {
    return this.transaction('NOOP', async () => {
      this.ok(await this.connection.command({ line: 'NOOP', label: 'NOOP' }), 'NOOP');
    });
  }

  /**
   * QUIT, then close. Resolves true on +OK: after login that means the server committed the
   * deletions (RFC 1939 §6). A -ERR after login means some or all deletions did not happen: it
   * rejects with server_refused so the caller does not count them. Before login -ERR resolves false.
   * If the connection drops before the answer, it rejects (connection_lost): deletions are unknown.
   */
  quit(): Promise<boolean> {
    return this.queue.run(async () => {
      const failure = this.connection.error;
      if (this.state === 'closed' || failure) throw failure ?? new HomingError('connection_lost', 'the session was closed');
      const loggedIn = this.state === 'transaction';
      try {
        const status = await this.connection.command({ line: 'QUIT', label: 'QUIT' });
        if (status.kind === 'ok') return true;
        if (loggedIn) {
          throw new HomingError(
            'server_refused',
            `server refused QUIT, so messages marked with DELE may not have been removed: ${printable(status.text)}`,
          );
        }
        return false;
      } finally {
        this.state = 'closed';
        this.connection.destroy();
      }
    });
  }

  /** Drops the connection without QUIT: nothing marked with DELE is removed. Safe to call any time. */
  close(): void {
    this.state = 'closed';
    this.connection.destroy();
  }

  // ── helpers ───────────────────────────────────────────────────────────────

  private window(): number {
    return this.caps?.pipelining ? PIPELINE_WINDOW : 1;
  }

  private async fetchCapabilities(): Promise<Pop3Capabilities | null> {
    const body = collector();
    const status = await this.connection.command({
      line: 'CAPA',
      label: 'CAPA',
      multiline: true,
      onBody: body.onBody,
      maxBodyBytes: MAX_CAPA_BYTES,
    });
    this.caps = status.kind === 'ok' ? parseCapabilities(body.bytes()) : null;
    return this.caps;
  }

  /** STLS (RFC 2595): required, never skipped; the pre-TLS capabilities are discarded (§4). */
  private async startTls(): Promise<void> {
    if (!this.caps?.stls) throw new HomingError('tls_failed', 'server offers no STLS');
    const status = await this.connection.command({ line: 'STLS', label: 'STLS', endsPlaintext: true });
    if (status.kind !== 'ok') throw new HomingError('tls_failed', `server refused STLS: ${printable(status.text)}`);
    // No await between the +OK and the switch: anything after the +OK must not be read as plaintext.
    await this.connection.startTls();
    this.caps = null;
    await this.fetchCapabilities();
  }

  private async collect(spec: CommandSpec): Promise<Buffer> {
    const body = collector();
    this.ok(await this.connection.command({ ...spec, multiline: true, onBody: body.onBody }), spec.label);
    return body.bytes();
  }

  private ok(status: StatusLine, label: string): StatusLine {
    if (status.kind !== 'ok') throw commandError(label, status);
    return status;
  }

  private transaction<T>(verb: string, task: () => T | Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      this.requireState('transaction', verb);
      return task();
    });
  }

  private requireState(wanted: SessionState, what: string): void {
    const failure = this.connection.error;
    if (failure) throw failure;
    if (this.state === 'closed') throw new HomingError('connection_lost', 'the session was closed');
    if (this.state !== wanted) {
      throw new HomingError('invalid_input', wanted === 'transaction' ? `${what} needs a login first` : `${what}: already logged in`);
    }
  }
}
