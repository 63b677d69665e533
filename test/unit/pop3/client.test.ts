import { describe, expect, it } from 'vitest';

import { HomingError } from '../../../electron/contract/result';
import { Pop3Client, type Pop3ConnectOptions } from '../../../electron/engine/pop3/client';
import { defaultCapa, type MailboxOptions, mailboxScript, uidOf } from './helpers/mailbox-script';
import { type ScriptServer, sleep, withServer } from './helpers/script-server';

// Generous: nothing here tests a timeout, and a busy CI machine must not make one fire.
const timeouts = { connectMs: 2000, greetingMs: 1000, commandMs: 1000, idleMs: 5000 };

const messages = [
  Buffer.from('From: a@example.org\r\nSubject: one\r\n\r\nhello\r\n'),
  Buffer.from('Subject: two\r\n\r\n.leading dot\r\n.\r\n..\r\n8-bit: \xe9\xfc\x80\xff\r\n', 'latin1'),
  Buffer.from('Subject: three\r\n\r\nno final line end'),
];
/** What a server stores and RETR returns: every line CRLF-terminated. */
const onWire = (m: Buffer): Buffer => (m.subarray(-2).toString() === '\r\n' ? m : Buffer.concat([m, Buffer.from('\r\n')]));

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (err) {
    if (err instanceof HomingError) return err.code;
    throw err;
  }
}

/** Runs `body` against a mailbox server; the client is connected plaintext with cleartext allowed, and always closed. */
async function withMailbox(
  mailbox: MailboxOptions,
  body: (client: Pop3Client, ctx: { server: ScriptServer; box: ReturnType<typeof mailboxScript>['box'] }) => Promise<void>,
  connect: Partial<Pop3ConnectOptions> = {},
): Promise<void> {
  const { script, box } = mailboxScript({ messages, ...mailbox });
  await withServer(script, async (server) => {
    const client = await Pop3Client.connect({
      host: '127.0.0.1',
      port: server.port,
      security: 'none',
      allowCleartextPassword: true,
      timeouts,
      ...connect,
    });
    try {
      await body(client, { server, box });
    } finally {
      client.close();
    }
  });
}

describe('Pop3Client', () => {
  it('logs in, lists, retrieves byte-exact, deletes and commits with QUIT', async () => {
    await withMailbox({}, async (client, { box, server }) => {
      expect(client.greeting).toBe('test POP3 ready <4711.1@test.example>');
      expect(client.capabilities?.pipelining).toBe(true);
      await client.login('alice', 'secret');
      expect(server.sessions[0]?.received).toContain(`AUTH PLAIN ${Buffer.from('\0alice\0secret').toString('base64')}`);
      expect(await client.stat()).toEqual({ count: 3, size: messages.reduce((n, m) => n + m.length, 0) });
      expect(await client.list()).toEqual(new Map(messages.map((m, i) => [i + 1, m.length])));
      expect(await client.uidl()).toEqual(messages.map((_, i) => ({ msgno: i + 1, uidl: uidOf(i + 1) })));
      for (let i = 0; i < messages.length; i++) {
        expect((await client.retrToBuffer(i + 1)).equals(onWire(messages[i] as Buffer))).toBe(true);
      }
      const parts: Buffer[] = [];
      const size = await client.retr(2, (chunk) => void parts.push(chunk));
      expect(Buffer.concat(parts).equals(messages[1] as Buffer)).toBe(true);
      expect(size).toBe((messages[1] as Buffer).length);
      expect((await client.top(1, 0)).equals(messages[0] as Buffer)).toBe(true);
      await client.dele(1);
      await client.noop();
      expect(await client.quit()).toBe(true);
      expect(box.removed).toEqual([1]);
    });
  });

  it('close() and a failure never commit deletions (no QUIT is sent)', async () => {
    await withMailbox({}, async (client, { box, server }) => {
      await client.login('alice', 'secret');
      await client.dele(2);
      client.close();
      expect(await server.sessions[0]?.closed()).toBe(true);
      expect(server.sessions[0]?.received).not.toContain('QUIT');
      expect(box.removed).toEqual([]);
      expect(await code(client.stat())).toBe('connection_lost');
    });
  });

  it('RSET unmarks', async () => {
    await withMailbox({}, async (client, { box }) => {
      await client.login('alice', 'secret');
      await client.dele(1);
      await client.rset();
      expect(await client.quit()).toBe(true);
      expect(box.removed).toEqual([]);
    });
  });

  describe('login', () => {
    it('USER/PASS when SASL PLAIN is not offered', async () => {
      await withMailbox({ capa: ['USER', 'UIDL'] }, async (client, { server }) => {
        await client.login('alice', 'secret');
        expect(server.sessions[0]?.received).toEqual(['CAPA', 'USER alice', 'PASS secret', 'CAPA']); // CAPA again after login (RFC 2449 §5)
        expect(await client.stat()).toMatchObject({ count: 3 });
      });
    });

    it('USER/PASS when the server has no CAPA', async () => {
      await withMailbox({ capa: null }, async (client) => {
        expect(client.capabilities).toBeNull();
        await client.login('alice', 'secret');
      });
    });

    it('APOP on request, with the RFC 1939 digest', async () => {
      await withMailbox({}, async (client, { server }) => {
        await client.login('alice', 'secret', { mechanism: 'apop' });
        expect(server.sessions[0]?.received.at(-2)).toMatch(/^APOP alice [0-9a-f]{32}$/);
      });
    });

    it('APOP when it is the only way in', async () => {
      await withMailbox({ capa: ['UIDL', 'TOP'] }, async (client, { server }) => {
        await client.login('alice', 'secret');
        expect(server.sessions[0]?.received.some((l) => l.startsWith('APOP '))).toBe(true);
      });
    });

    it('APOP without a greeting timestamp is refused before sending anything', async () => {
      await withMailbox({ greeting: '+OK no stamp' }, async (client, { server }) => {
        expect(await code(client.login('alice', 'secret', { mechanism: 'apop' }))).toBe('server_refused');
        expect(server.sessions[0]?.received).toEqual(['CAPA']);
      });
    });

    it('SASL PLAIN in two steps when the initial response would pass 255 octets (RFC 5034)', async () => {
      const pass = 'p'.repeat(250);
      await withMailbox({ pass }, async (client, { server }) => {
        await client.login('alice', pass, { mechanism: 'plain' });
        expect(server.sessions[0]?.received).toContain('AUTH PLAIN');
      });
    });

    it.each([
      ['AUTH', 'auth_failed'],
      ['IN-USE', 'auth_in_use'],
      ['LOGIN-DELAY', 'login_delay'],
      ['SYS/TEMP', 'server_temporary'],
      ['SYS/PERM', 'server_refused'],
      ['', 'auth_failed'],
    ])('-ERR [%s] → %s, and the password is never in the message', async (respCode, expected) => {
      const refuse = (s: { send: (d: string) => void }) => s.send(`-ERR ${respCode ? `[${respCode}] ` : ''}no for hunter2\r\n`);
      for (const mechanism of ['user', 'plain'] as const) {
        await withMailbox({ on: { PASS: (_a, s) => refuse(s), AUTH: (_a, s) => refuse(s) } }, async (client) => {
          try {
            await client.login('alice', 'hunter2', { mechanism });
            expect.unreachable();
          } catch (err) {
            expect(err).toBeInstanceOf(HomingError);
            expect((err as HomingError).code).toBe(expected);
            expect((err as HomingError).message).not.toContain('hunter2');
            expect(JSON.stringify(err)).not.toContain('hunter2');
          }
        });
      }
    });

    it('[IN-USE] on USER is reported too', async () => {
      await withMailbox({ capa: ['USER'], on: { USER: (_a, s) => s.send('-ERR [IN-USE] locked\r\n') } }, async (client) => {
        expect(await code(client.login('alice', 'secret'))).toBe('auth_in_use');
      });
    });

    it('refuses to send a password in cleartext, sending nothing', async () => {
      await withMailbox(
        {},
        async (client, { server }) => {
          for (const mechanism of ['auto', 'user', 'plain', 'apop'] as const) {
            expect(await code(client.login('alice', 'secret', { mechanism }))).toBe('cleartext_refused');
          }
          await sleep(30);
          expect(server.sessions[0]?.received).toEqual(['CAPA']);
        },
        { allowCleartextPassword: false },
      );
    });

    it('refuses a user name with a line break (command injection)', async () => {
      await withMailbox({ capa: ['USER'] }, async (client, { server }) => {
        expect(await code(client.login('alice\r\nDELE 1', 'secret'))).toBe('invalid_input');
        expect(server.sessions[0]?.received).toEqual(['CAPA']);
      });
    });

    it('commands before login are refused locally', async () => {
      await withMailbox({}, async (client) => {
        expect(await code(client.stat())).toBe('invalid_input');
        expect(await code(client.retrToBuffer(0))).toBe('invalid_input');
      });
    });
  });

  it('UIDL answered -ERR is no_uidl', async () => {
    await withMailbox({ on: { UIDL: (_a, s) => s.send('-ERR command not implemented\r\n') } }, async (client) => {
      await client.login('alice', 'secret');
      expect(await code(client.uidl())).toBe('no_uidl');
      await client.noop(); // the session is fine
    });
  });

  it('QUIT answered -ERR after DELE rejects server_refused: the deletions may not have happened', async () => {
    await withMailbox({ on: { QUIT: (_a, s) => void s.send('-ERR some deleted messages not removed\r\n') } }, async (client) => {
      await client.login('alice', 'secret');
      await client.dele(1);
      const err = await client.quit().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HomingError);
      expect((err as HomingError).code).toBe('server_refused');
      expect((err as HomingError).message).toMatch(/DELE/);
    });
  });

  it('QUIT answered -ERR before login resolves false', async () => {
    await withMailbox({ on: { QUIT: (_a, s) => void s.send('-ERR whatever\r\n') } }, async (client) => {
      expect(await client.quit()).toBe(false);
    });
  });

  it('a connection dropped before the QUIT answer is connection_lost (deletions unknown)', async () => {
    await withMailbox({ on: { QUIT: (_a, s) => void s.socket.destroy() } }, async (client) => {
      await client.login('alice', 'secret');
      await client.dele(1);
      expect(await code(client.quit())).toBe('connection_lost');
    });
  });

  it('a -ERR greeting is refused, [SYS/TEMP] as temporary', async () => {
    const { script } = mailboxScript({ greeting: '-ERR [SYS/TEMP] too many connections' });
    await withServer(script, async ({ port }) => {
      expect(await code(Pop3Client.connect({ host: '127.0.0.1', port, security: 'none', timeouts }))).toBe('server_temporary');
    });
  });

  it('refuses options that would silently mean plaintext or nonsense', async () => {
    const base = { host: '127.0.0.1', port: 110, timeouts };
    expect(await code(Pop3Client.connect({ ...base, security: 'TLS' as 'tls' }))).toBe('invalid_input');
    expect(await code(Pop3Client.connect({ ...base, security: 'tls', port: 0 }))).toBe('invalid_input');
    expect(await code(Pop3Client.connect({ ...base, security: 'tls', host: '' }))).toBe('invalid_input');
    expect(await code(Pop3Client.connect({ ...base, security: 'tls', timeouts: { commandMs: 0 } }))).toBe('invalid_input');
  });

  it('server closing mid-RETR rejects connection_lost', async () => {
    await withMailbox(
      {
        on: {
          RETR: async (_a, s) => {
            s.send('+OK\r\nSubject: cut\r\n\r\npartial');
            await sleep(20);
            s.socket.destroy();
            return 'stop' as const;
          },
        },
      },
      async (client) => {
        await client.login('alice', 'secret');
        const parts: Buffer[] = [];
        expect(await code(client.retr(1, (c) => void parts.push(c)))).toBe('connection_lost');
        expect(await code(client.noop())).toBe('connection_lost');
      },
    );
  });

  it('serializes concurrent callers: their commands never interleave', async () => {
    await withMailbox({ capa: ['USER', 'UIDL'] }, async (client, { server }) => {
      await client.login('alice', 'secret');
      const [list, one, uidl, two] = await Promise.all([client.list(), client.retrToBuffer(1), client.uidl(), client.retrToBuffer(2)]);
      expect(list.size).toBe(3);
      expect(one.equals(onWire(messages[0] as Buffer))).toBe(true);
      expect(uidl).toHaveLength(3);
      expect(two.equals(onWire(messages[1] as Buffer))).toBe(true);
      expect(server.sessions[0]?.received.slice(-4)).toEqual(['LIST', 'RETR 1', 'UIDL', 'RETR 2']);
    });
  });

  describe('pipelining', () => {
    const many = Array.from({ length: 20 }, (_, i) => Buffer.from(`Subject: ${i + 1}\r\n\r\n${'.'.repeat(i)}\r\n`));

    it('with PIPELINING, retrMany sends a window of commands before reading, and keeps the order', async () => {
      let maxQueued = 0;
      const { script } = mailboxScript({
        messages: many,
        capa: defaultCapa,
        on: {
          RETR: async (args, s) => {
            await sleep(5); // let the client's pipelined commands arrive
            maxQueued = Math.max(maxQueued, s.pendingLines + 1);
            const n = Number(args);
            s.send(
              Buffer.concat([
                Buffer.from('+OK\r\n'),
                Buffer.from((many[n - 1] as Buffer).toString().replace(/^\./gm, '..')),
                Buffer.from('.\r\n'),
              ]),
            );
          },
        },
      });
      await withServer(script, async ({ port }) => {
        const client = await Pop3Client.connect({ host: '127.0.0.1', port, security: 'none', allowCleartextPassword: true, timeouts });
        try {
          await client.login('alice', 'secret');
          const got: number[] = [];
          const order = [5, 1, 20, 2, ...Array.from({ length: 16 }, (_, i) => i + 3).filter((n) => n !== 5 && n !== 20)];
          await client.retrMany(order, async (msgno, bytes) => {
            expect(bytes.equals(many[msgno - 1] as Buffer)).toBe(true);
            got.push(msgno);
            await sleep(1);
          });
          expect(got).toEqual(order);
          expect(maxQueued).toBeGreaterThan(1);
          expect(maxQueued).toBeLessThanOrEqual(8);
        } finally {
          client.close();
        }
      });
    });

    it('without PIPELINING, one command at a time', async () => {
      let maxQueued = 0;
      await withMailbox(
        {
          messages: many,
          capa: ['USER', 'UIDL'],
          on: {
            DELE: async (args, s, box) => {
              await sleep(5);
              maxQueued = Math.max(maxQueued, s.pendingLines + 1);
              box.marked.add(Number(args));
              s.send('+OK\r\n');
            },
          },
        },
        async (client, { box }) => {
          await client.login('alice', 'secret');
          await client.deleMany([1, 2, 3, 4, 5]);
          expect(maxQueued).toBe(1);
          expect(await client.quit()).toBe(true);
          expect(box.removed).toEqual([1, 2, 3, 4, 5]);
        },
      );
    });

    it('deleMany stops at the first -ERR and names the message; what is outstanding is still read', async () => {
      await withMailbox(
        {
          messages: many,
          on: {
            DELE: (args, s, box) => {
              if (args === '3') s.send('-ERR no such message\r\n');
              else {
                box.marked.add(Number(args));
                s.send('+OK\r\n');
              }
            },
          },
        },
        async (client, { box }) => {
          await client.login('alice', 'secret');
          const err = await client.deleMany([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).catch((e: unknown) => e);
          expect((err as HomingError).code).toBe('server_refused');
          expect((err as HomingError).detail).toEqual({ msgno: '3' });
          expect(Math.max(...box.marked)).toBeLessThanOrEqual(10); // at most the first window after 3 was issued
          await client.noop(); // still in step
          await client.rset();
        },
      );
    });

    it('retrMany stops on a consumer error and the session stays usable', async () => {
      await withMailbox({ messages: many }, async (client) => {
        await client.login('alice', 'secret');
        const seen: number[] = [];
        const result = client.retrMany([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], (msgno) => {
          seen.push(msgno);
          if (msgno === 2) throw new Error('store failed');
        });
        await expect(result).rejects.toThrow('store failed');
        expect(seen).toEqual([1, 2]);
        expect(await client.stat()).toMatchObject({ count: 20 });
      });
    });
  });
});
