import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HomingError } from '../../../electron/contract/result';
import { Pop3Client, type Pop3ConnectOptions } from '../../../electron/engine/pop3/client';
import { type MailServer, startDovecot } from '../../mailserver/dovecot';

// One user per test: Dovecot locks a POP3 mailbox per session, and tests must not see each other's mail.
const users = ['stls', 'pop3s', 'bytes', 'dele', 'keep', 'many', 'wrong', 'clear'].map((user) => ({ user, password: `${user}-pw` }));
let server: MailServer;

beforeAll(async () => {
  server = await startDovecot({ users });
});

afterAll(async () => {
  await server?.stop();
});

const pass = (user: string): string => `${user}-pw`;

function options(security: Pop3ConnectOptions['security']): Pop3ConnectOptions {
  return {
    host: server.host,
    port: security === 'tls' ? server.ports.pop3s : server.ports.pop3,
    security,
    tls: { ca: server.caCertPem },
    timeouts: { connectMs: 5000, greetingMs: 5000, commandMs: 10_000, idleMs: 60_000 },
  };
}

async function session<T>(security: Pop3ConnectOptions['security'], user: string, body: (client: Pop3Client) => Promise<T>): Promise<T> {
  const client = await Pop3Client.connect(options(security));
  try {
    await client.login(user, pass(user));
    return await body(client);
  } finally {
    client.close();
  }
}

/** Names (without the Maildir :2,flags suffix) of every message file, wherever Dovecot moved it. */
function storedNames(user: string): string[] {
  const dir = server.maildir(user);
  return ['new', 'cur'].flatMap((sub) => readdirSync(join(dir, sub)).map((name) => name.split(':')[0] as string));
}

/** A message that exercises everything the wire format can get wrong: dots, 8-bit bytes, a long line. */
function trickyMessage(tag: string): Buffer {
  const eight = Buffer.from(Array.from({ length: 256 }, (_, i) => i).filter((b) => b !== 0x0a && b !== 0x0d && b !== 0));
  return Buffer.concat([
    Buffer.from(
      `From: a@example.org\r\nTo: b@example.org\r\nSubject: ${tag}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
    ),
    Buffer.from('.\r\n..\r\n.leading dot\r\n\r\n.\r\n'),
    eight,
    Buffer.from('\r\n'),
    Buffer.alloc(200_000, 0x61), // one 200 kB line, far past any socket chunk
    Buffer.from('\r\nend\r\n'),
  ]);
}

describe('Pop3Client against Dovecot', () => {
  it('logs in after STLS, with the server certificate as CA', async () => {
    await session('starttls', 'stls', async (client) => {
      expect(client.encrypted).toBe(true);
      expect(client.capabilities?.stls).toBe(false); // Dovecot stops offering STLS once TLS is up
      expect(client.capabilities?.pipelining).toBe(true);
      expect(await client.stat()).toEqual({ count: 0, size: 0 });
    });
  });

  it('logs in over implicit TLS, also with the certificate pinned instead', async () => {
    await session('tls', 'pop3s', async (client) => {
      expect(client.encrypted).toBe(true);
      expect(await client.quit()).toBe(true);
    });
    const pinned = await Pop3Client.connect({ ...options('tls'), tls: { trustedFingerprint256: server.certFingerprint256 } });
    try {
      await pinned.login('pop3s', pass('pop3s'));
    } finally {
      pinned.close();
    }
    const untrusted = await Pop3Client.connect({ ...options('tls'), tls: {} }).catch((e: unknown) => e);
    expect((untrusted as HomingError).code).toBe('untrusted_certificate');
    expect((untrusted as HomingError).detail?.fingerprint256).toBe(server.certFingerprint256);
  });

  it('RETR returns exactly the bytes of the Maildir file, streamed or whole; LIST sizes match', async () => {
    const files = [server.writeToMaildir('bytes', trickyMessage('one')), server.writeToMaildir('bytes', trickyMessage('two'))];
    await session('starttls', 'bytes', async (client) => {
      expect(await client.list()).toEqual(new Map(files.map((f, i) => [i + 1, f.bytes.length])));
      for (const [i, file] of files.entries()) {
        const parts: Buffer[] = [];
        const size = await client.retr(i + 1, async (chunk) => {
          parts.push(Buffer.from(chunk));
          await new Promise((resolve) => setImmediate(resolve)); // a consumer that yields (backpressure path)
        });
        expect(parts.length).toBeGreaterThan(1);
        expect(Buffer.concat(parts).equals(file.bytes)).toBe(true);
        expect(size).toBe(file.bytes.length);
        expect((await client.retrToBuffer(i + 1)).equals(file.bytes)).toBe(true);
      }
    });
  });

  it('DELE + QUIT removes the message from the server', async () => {
    const keep = server.writeToMaildir('dele', 'Subject: keep\r\n\r\nkeep\r\n');
    const drop = server.writeToMaildir('dele', 'Subject: drop\r\n\r\ndrop\r\n');
    const dropName = drop.filename.split('/')[1] as string;
    const uidls = await session('tls', 'dele', async (client) => {
      const listed = await client.uidl();
      expect(listed.map((u) => u.msgno)).toEqual([1, 2]);
      expect((await client.retrToBuffer(2)).equals(drop.bytes)).toBe(true);
      await client.dele(2);
      expect(await client.quit()).toBe(true);
      return listed;
    });
    expect(storedNames('dele')).not.toContain(dropName);
    expect(storedNames('dele')).toContain(keep.filename.split('/')[1]);
    await session('tls', 'dele', async (client) => {
      expect(await client.uidl()).toEqual([uidls[0]]);
    });
  });

  it('DELE without QUIT (close, or a dropped session) removes nothing', async () => {
    server.writeToMaildir('keep', 'Subject: stays\r\n\r\nstays\r\n');
    await session('tls', 'keep', async (client) => {
      await client.dele(1);
      client.close();
    });
    // Dovecot may need a moment to notice the closed session and release the mailbox lock.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await session('tls', 'keep', async (client) => {
      expect((await client.stat()).count).toBe(1);
    });
  });

  it('retrMany and deleMany pipeline against Dovecot, byte-exact and in order', async () => {
    const files = Array.from({ length: 20 }, (_, i) =>
      server.writeToMaildir('many', `Subject: ${i}\r\n\r\n.${'x'.repeat(i * 100)}\r\n.\r\n`),
    );
    await session('starttls', 'many', async (client) => {
      const seen: number[] = [];
      await client.retrMany(
        files.map((_, i) => i + 1),
        (msgno, bytes) => {
          expect(bytes.equals((files[msgno - 1] as { bytes: Buffer }).bytes)).toBe(true);
          seen.push(msgno);
        },
      );
      expect(seen).toEqual(files.map((_, i) => i + 1));
      await client.deleMany(seen);
      expect(await client.quit()).toBe(true);
    });
    await session('starttls', 'many', async (client) => {
      expect((await client.stat()).count).toBe(0);
    });
  });

  it('a wrong password is auth_failed and does not appear in the error', async () => {
    const client = await Pop3Client.connect(options('tls'));
    try {
      const err = await client.login('wrong', 'not-the-password-xyz').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HomingError);
      expect((err as HomingError).code).toBe('auth_failed');
      expect(JSON.stringify(err)).not.toContain('not-the-password-xyz');
    } finally {
      client.close();
    }
  });

  it('refuses to log in over plaintext unless allowed', async () => {
    const client = await Pop3Client.connect(options('none'));
    try {
      const err = await client.login('clear', pass('clear')).catch((e: unknown) => e);
      expect((err as HomingError).code).toBe('cleartext_refused');
    } finally {
      client.close();
    }
  });
});
