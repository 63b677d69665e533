import net from 'node:net';
import tls from 'node:tls';

/** The server side of one loopback connection, driven line by line by a test script. */
export class ServerSession {
  /** Every line the client sent, without CRLF, latin1. */
  readonly received: string[] = [];
  private buffered = '';
  private waiters: ((line: string | null) => void)[] = [];
  private ended = false;
  private readonly onData = (chunk: Buffer): void => {
    this.buffered += chunk.toString('latin1');
    for (let at = this.buffered.indexOf('\r\n'); at !== -1; at = this.buffered.indexOf('\r\n')) {
      const line = this.buffered.slice(0, at);
      this.buffered = this.buffered.slice(at + 2);
      this.received.push(line);
      this.lineArrived(line);
    }
  };
  private readonly inbox: string[] = [];

  constructor(public socket: net.Socket) {
    this.listen(socket);
  }

  private listen(socket: net.Socket): void {
    socket.on('data', this.onData);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.ended = true;
      for (const waiter of this.waiters.splice(0)) waiter(null);
    });
  }

  private lineArrived(line: string): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(line);
    else this.inbox.push(line);
  }

  /** Lines received but not yet returned by readLine(). */
  get pendingLines(): number {
    return this.inbox.length;
  }

  /** The next line the client sends, or null when the connection closed. */
  readLine(): Promise<string | null> {
    const line = this.inbox.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Reads a line and checks it. */
  async expectLine(expected: string | RegExp): Promise<string> {
    const line = await this.readLine();
    if (line === null) throw new Error(`client closed; expected ${String(expected)}`);
    if (typeof expected === 'string' ? line !== expected : !expected.test(line))
      throw new Error(`expected ${String(expected)}, got ${line}`);
    return line;
  }

  send(data: string | Buffer): void {
    if (!this.socket.destroyed) this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Waits until the client hangs up (or `ms` passes); true if it did. */
  closed(ms = 2000): Promise<boolean> {
    if (this.ended) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Server side of STLS: switches this session to TLS with the given certificate. */
  async startTls(key: string, cert: string): Promise<void> {
    this.socket.off('data', this.onData);
    const secure = new tls.TLSSocket(this.socket, { isServer: true, key, cert });
    this.socket = secure;
    this.listen(secure);
    await new Promise<void>((resolve, reject) => {
      secure.once('secure', () => resolve());
      secure.once('error', reject);
    });
  }
}

export interface ScriptServer {
  port: number;
  sessions: ServerSession[];
  /** Resolves with the script's outcome for each connection (an error if the script threw). */
  outcomes: Promise<unknown>[];
  close(): Promise<void>;
}

/**
 * A loopback server on 127.0.0.1 and a free port that runs `script` for every connection, for
 * adversarial tests: it says exactly what the test makes it say, when the test says it.
 */
export async function startScriptServer(
  script: (session: ServerSession) => Promise<void> | void,
  opts: { tls?: { key: string; cert: string } } = {},
): Promise<ScriptServer> {
  const sessions: ServerSession[] = [];
  const outcomes: Promise<unknown>[] = [];
  const onConnection = (socket: net.Socket): void => {
    const session = new ServerSession(socket);
    sessions.push(session);
    outcomes.push(
      Promise.resolve()
        .then(() => script(session))
        .then(
          () => undefined,
          (err: unknown) => err,
        ),
    );
  };
  const server = opts.tls ? tls.createServer({ key: opts.tls.key, cert: opts.tls.cert }, onConnection) : net.createServer(onConnection);
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    sessions,
    outcomes,
    close: async () => {
      for (const session of sessions) session.socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Runs `body` with a script server and always closes it. */
export async function withServer<T>(
  script: (session: ServerSession) => Promise<void> | void,
  body: (server: ScriptServer) => Promise<T>,
  opts: { tls?: { key: string; cert: string } } = {},
): Promise<T> {
  const server = await startScriptServer(script, opts);
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
