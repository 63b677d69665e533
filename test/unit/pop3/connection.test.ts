import net from 'node:net';

import { describe, expect, it } from 'vitest';

import { HomingError } from '../../../electron/contract/result';
import { type ConnectionOptions, Pop3Connection } from '../../../electron/engine/pop3/connection';
import { type ServerSession, sleep, withServer } from './helpers/script-server';

const timeouts = { connectMs: 1000, greetingMs: 200, commandMs: 200, idleMs: 5000 };

function options(port: number, over: Partial<ConnectionOptions> = {}): ConnectionOptions {
  return { host: '127.0.0.1', port, implicitTls: false, tls: {}, timeouts, ...over };
}

/** Settles a promise into { code } or { value } so tests can assert on either. */
async function outcome<T>(promise: Promise<T>): Promise<{ value?: T; code?: string; error?: HomingError }> {
  try {
    return { value: await promise };
  } catch (err) {
    if (err instanceof HomingError) return { code: err.code, error: err };
    throw err;
  }
}

const greet = (s: ServerSession): void => s.send('+OK ready\r\n');

describe('Pop3Connection', () => {
  it('reads the greeting', async () => {
    await withServer(greet, async ({ port }) => {
      const { connection, greeting } = await Pop3Connection.open(options(port));
      expect(greeting).toEqual({ kind: 'ok', text: 'ready' });
      connection.destroy();
    });
  });

  it('times out when the server never greets', async () => {
    await withServer(
      () => undefined,
      async ({ port }) => {
        const started = Date.now();
        const result = await outcome(Pop3Connection.open(options(port)));
        expect(result.code).toBe('timeout');
        expect(result.error?.message).toMatch(/greeting/);
        expect(Date.now() - started).toBeLessThan(1500);
      },
    );
  });

  it('times out a command the server never answers, and the session stays failed', async () => {
    await withServer(greet, async ({ port, sessions }) => {
      const { connection } = await Pop3Connection.open(options(port));
      const result = await outcome(connection.command({ line: 'NOOP', label: 'NOOP' }));
      expect(result.code).toBe('timeout');
      expect(result.error?.message).toContain('NOOP');
      expect(await sessions[0]?.closed()).toBe(true); // we hung up
      expect((await outcome(connection.command({ line: 'NOOP', label: 'NOOP' }))).error).toBe(result.error);
    });
  });

  it('a slow but steady body does not time out: the limit is on silence, not on the whole answer', async () => {
    await withServer(
      async (s) => {
        greet(s);
        await s.readLine();
        s.send('+OK\r\n');
        for (let i = 0; i < 6; i++) {
          await sleep(60); // 360 ms in all, each gap well under the 200 ms limit
          s.send(`line ${i}\r\n`);
        }
        s.send('.\r\n');
      },
      async ({ port }) => {
        const { connection } = await Pop3Connection.open(options(port));
        const parts: Buffer[] = [];
        await connection.command({ line: 'RETR 1', label: 'RETR 1', multiline: true, onBody: (c) => void parts.push(c) });
        expect(Buffer.concat(parts).toString()).toBe('line 0\r\nline 1\r\nline 2\r\nline 3\r\nline 4\r\nline 5\r\n');
        connection.destroy();
      },
    );
  });

  it('closes an idle session without QUIT after idleMs', async () => {
    await withServer(greet, async ({ port, sessions }) => {
      const { connection } = await Pop3Connection.open(options(port, { timeouts: { ...timeouts, idleMs: 150 } }));
      expect(await sessions[0]?.closed()).toBe(true);
      expect(sessions[0]?.received).toEqual([]); // no QUIT: nothing gets committed
      const result = await outcome(connection.command({ line: 'NOOP', label: 'NOOP' }));
      expect(result.code).toBe('timeout');
      expect(result.error?.message).toMatch(/idle/);
    });
  });

  it('server closing mid-RETR is connection_lost, never a silent short message', async () => {
    await withServer(
      async (s) => {
        greet(s);
        await s.readLine();
        s.send('+OK\r\nSubject: half\r\n\r\nthe first half');
        await sleep(20);
        s.socket.destroy();
      },
      async ({ port }) => {
        const { connection } = await Pop3Connection.open(options(port));
        const result = await outcome(connection.command({ line: 'RETR 1', label: 'RETR 1', multiline: true, onBody: () => undefined }));
        expect(result.code).toBe('connection_lost');
        expect(result.error?.message).toContain('RETR 1');
      },
    );
  });

  it('an unsolicited -ERR while idle becomes the session error, not an exception', async () => {
    await withServer(
      async (s) => {
        greet(s);
        await sleep(30);
        s.send('-ERR autologout timer expired\r\n');
      },
      async ({ port }) => {
        const { connection } = await Pop3Connection.open(options(port));
        await sleep(100);
        expect(connection.error?.code).toBe('connection_lost');
        const result = await outcome(connection.command({ line: 'STAT', label: 'STAT' }));
        expect(result.error).toBe(connection.error);
        expect(result.error?.message).toContain('autologout');
      },
    );
  });

  it('garbage while idle is a protocol error; a close while idle is connection_lost', async () => {
    await withServer(
      async (s) => {
        greet(s);
        await sleep(30);
        s.send('* surprise');
      },
      async ({ port }) => {
        const { connection } = await Pop3Connection.open(options(port));
        await sleep(100);
        expect(connection.error?.code).toBe('protocol_error');
      },
    );
    await withServer(
      async (s) => {
        greet(s);
        await sleep(30);
        s.socket.end();
      },
      async ({ port }) => {
        const { connection } = await Pop3Connection.open(options(port));
        await sleep(100);
        expect(connection.error?.code).toBe('connection_lost');
        expect((await outcome(connection.command({ line: 'NOOP', label: 'NOOP' }))).code).toBe('connection_lost');
      },
    );
  });

  it('finds the terminator when the server sends it in delayed pieces', async () => {
    await withServer(
      async (s) => {
        greet(s);
        await s.readLine();
        for (const piece of ['+OK\r\nbody\r', '\n', '.', '.x\r\n', '\r', '\n.', '\r', '\n']) {
          s.send(piece);
          await sleep(15);
        }
        await s.readLine();
        s.send('+OK still in step\r\n');
      },
      async ({ port }) => {
        const { connection } = await Pop3Connection.open(options(port));
        const parts: Buffer[] = [];
        await connection.command({ line: 'RETR 1', label: 'RETR 1', multiline: true, onBody: (c) => void parts.push(Buffer.from(c)) });
        expect(Buffer.concat(parts).toString('latin1')).toBe('body\r\n.x\r\n\r\n');
        expect(await connection.command({ line: 'NOOP', label: 'NOOP' })).toEqual({ kind: 'ok', text: 'still in step' });
        connection.destroy();
      },
    );
  });

  it('pauses the socket while the consumer is busy, and does not time out meanwhile', async () => {
    // 32 MiB, more than loopback buffers hold; built before the server runs so it answers at once.
    const body = Buffer.from(`${'x'.repeat(1022)}\r\n`.repeat(32 * 1024));
    const reply = Buffer.concat([Buffer.from('+OK\r\n'), body, Buffer.from('.\r\n')]);
    const commandMs = 300;
    let serverSocket: net.Socket | undefined;
    await withServer(
      async (s) => {
        serverSocket = s.socket;
        greet(s);
        await s.readLine();
        s.send(reply);
      },
      async ({ port }) => {
        const { connection } = await Pop3Connection.open(options(port, { timeouts: { ...timeouts, commandMs } }));
        let release: () => void = () => undefined;
        const stalled = new Promise<void>((resolve) => (release = resolve));
        let received = 0;
        let busy = 0;
        let maxBusy = 0;
        let calls = 0;
        const done = outcome(
          connection.command({
            line: 'RETR 1',
            label: 'RETR 1',
            multiline: true,
            onBody: async (chunk) => {
              busy++;
              maxBusy = Math.max(maxBusy, busy);
              if (++calls === 1) await stalled;
              received += chunk.length;
              busy--;
            },
          }),
        );
        for (let waited = 0; calls === 0 && waited < 5000; waited += 10) await sleep(10);
        await sleep(2 * commandMs); // being slow ourselves is not the server's silence
        expect(calls).toBe(1);
        expect(serverSocket?.writableLength).toBeGreaterThan(0); // we stopped reading, so the server could not flush
        release();
        expect((await done).code).toBeUndefined();
        expect(received).toBe(body.length);
        expect(maxBusy).toBe(1); // never called again before the previous piece was done
        connection.destroy();
      },
    );
  });

  it('a failing consumer fails its command only; the session stays in step', async () => {
    await withServer(
      async (s) => {
        greet(s);
        await s.readLine();
        s.send('+OK\r\na\r\nb\r\n.\r\n');
        await s.readLine();
        s.send('+OK fine\r\n');
      },
      async ({ port }) => {
        const { connection } = await Pop3Connection.open(options(port));
        const failing = connection.command({
          line: 'RETR 1',
          label: 'RETR 1',
          multiline: true,
          onBody: () => Promise.reject(new Error('disk full')),
        });
        await expect(failing).rejects.toThrow('disk full');
        expect(await connection.command({ line: 'NOOP', label: 'NOOP' })).toEqual({ kind: 'ok', text: 'fine' });
        connection.destroy();
      },
    );
  });

  it('answers pipelined commands in order', async () => {
    await withServer(
      async (s) => {
        greet(s);
        await s.readLine();
        await s.readLine();
        await s.readLine();
        s.send('+OK one\r\n+OK\r\ntwo\r\n.\r\n-ERR three\r\n');
      },
      async ({ port }) => {
        const { connection } = await Pop3Connection.open(options(port));
        const body: Buffer[] = [];
        const answers = await Promise.all([
          connection.command({ line: 'NOOP', label: 'NOOP' }),
          connection.command({ line: 'RETR 2', label: 'RETR 2', multiline: true, onBody: (c) => void body.push(c) }),
          connection.command({ line: 'RETR 3', label: 'RETR 3', multiline: true }),
        ]);
        expect(answers.map((a) => `${a.kind} ${a.text}`)).toEqual(['ok one', 'ok ', 'err three']);
        expect(Buffer.concat(body).toString()).toBe('two\r\n');
        connection.destroy();
      },
    );
  });

  it('refuses a command line with CR or LF (no command smuggling)', async () => {
    await withServer(greet, async ({ port, sessions }) => {
      const { connection } = await Pop3Connection.open(options(port));
      expect((await outcome(connection.command({ line: 'USER a\r\nDELE 1', label: 'USER' }))).code).toBe('invalid_input');
      await sleep(30);
      expect(sessions[0]?.received).toEqual([]);
      connection.destroy();
    });
  });

  it('a listing longer than maxBodyBytes fails the session', async () => {
    await withServer(
      async (s) => {
        greet(s);
        await s.readLine();
        s.send(`+OK\r\n${'1 1\r\n'.repeat(1000)}`);
      },
      async ({ port }) => {
        const { connection } = await Pop3Connection.open(options(port));
        const result = await outcome(
          connection.command({ line: 'LIST', label: 'LIST', multiline: true, onBody: () => undefined, maxBodyBytes: 100 }),
        );
        expect(result.code).toBe('protocol_error');
      },
    );
  });

  it('maps connection refused and unknown hosts', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    expect((await outcome(Pop3Connection.open(options(port)))).code).toBe('connection_refused');
    expect(
      (await outcome(Pop3Connection.open(options(110, { host: 'no-such-host.invalid', timeouts: { ...timeouts, connectMs: 5000 } })))).code,
    ).toBe('host_not_found');
  });

  it('times out a connect that never completes', async () => {
    // 10.255.255.1 is not routed here; the SYN goes nowhere.
    const result = await outcome(Pop3Connection.open(options(110, { host: '10.255.255.1', timeouts: { ...timeouts, connectMs: 150 } })));
    expect(['timeout', 'connection_refused']).toContain(result.code); // some sandboxes reject unroutable addresses at once
  });
});
