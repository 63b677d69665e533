// A deliberately tiny POP3 line client, only to prove the test server's POP3 side works. The real
// client lives in electron/engine/pop3/.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

export class RawPop3 {
  private buffered = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private failure: Error | undefined;

  private constructor(private socket: Socket | TLSSocket) {
    this.attach();
  }

  static async open(port: number, tls?: { ca: string }): Promise<RawPop3> {
    const socket = tls
      ? tlsConnect({ host: '127.0.0.1', port, ca: tls.ca, servername: 'localhost' })
      : netConnect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once(tls ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    return new RawPop3(socket);
  }

  get encrypted(): boolean {
    return 'encrypted' in this.socket && this.socket.encrypted === true;
  }

  async command(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.line();
  }

  /** One reply line without its CRLF; the test decides whether +OK or -ERR was right. */
  async line(timeoutMs = 5000): Promise<string> {
    const end = await this.waitFor(Buffer.from('\r\n'), timeoutMs);
    return this.take(end + 2)
      .toString('latin1')
      .trimEnd();
  }

  /** Multi-line body after a +OK status, with RFC 1939 §3 dot-unstuffing, as raw bytes. */
  async multiline(timeoutMs = 5000): Promise<Buffer> {
    const terminator = Buffer.from('\r\n.\r\n');
    // Searching from -2 lets the terminator match an empty body ("\r\n" already consumed with the status).
    this.buffered = Buffer.concat([Buffer.from('\r\n'), this.buffered]);
    const end = await this.waitFor(terminator, timeoutMs);
    const body = this.take(end + terminator.length).subarray(2, end + 2);
    return Buffer.from(body.toString('latin1').replace(/(^|\r\n)\./g, '$1'), 'latin1');
  }

  /** STLS (RFC 2595 §4): after +OK, TLS starts on the same socket, trusting only `ca`. */
  async startTls(ca: string): Promise<void> {
    const reply = await this.command('STLS');
    if (!reply.startsWith('+OK')) throw new Error(`STLS refused: ${reply}`);
    this.socket.removeAllListeners('data');
    const secure = tlsConnect({ socket: this.socket, ca, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', () => resolve());
      secure.once('error', reject);
    });
    this.socket = secure;
    this.attach();
  }

  close(): void {
    this.socket.destroy();
  }

  private attach(): void {
    this.socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.wake?.();
    });
    this.socket.on('error', (err) => {
      this.failure = err;
      this.wake?.();
    });
  }

  private async waitFor(needle: Buffer, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.buffered.indexOf(needle);
      if (at >= 0) return at;
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`POP3: no ${JSON.stringify(needle.toString())} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private take(length: number): Buffer {
    const out = this.buffered.subarray(0, length);
    this.buffered = this.buffered.subarray(length);
    return out;
  }
}
