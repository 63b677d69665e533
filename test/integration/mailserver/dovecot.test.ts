import { createHash } from 'node:crypto';

import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type MaildirFile, type MailServer, startDovecot } from '../../mailserver/dovecot';
import { generateMessages, seedMaildir } from '../../mailserver/seed';
import { RawPop3 } from './pop3-raw';

// A message built to trip every byte-level bug: dot-leading lines (one a lone "."), raw 8-bit
// UTF-8 and a latin1 byte that is invalid UTF-8.
const TRICKY = Buffer.concat([
  Buffer.from(
    'From: Jürgen <j@example.de>\r\nTo: bob@homing.test\r\nSubject: =?UTF-8?B?R3LDvMOfZQ==?=\r\n' +
      'Message-ID: <tricky@homing.test>\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' +
      'Grüße\r\n.\r\n..two dots\r\n.hidden\r\n',
    'utf8',
  ),
  Buffer.from('caf\xe9\r\n', 'latin1'),
]);

describe('private Dovecot test server', () => {
  let server: MailServer;
  let seeded: MaildirFile[];

  beforeAll(async () => {
    server = await startDovecot();
    seeded = seedMaildir(server, 'alice', generateMessages(20, { seed: 5 }));
  });

  afterAll(async () => {
    await server?.stop();
  });

  function imapOptions(extra: Partial<ImapFlowOptions>, user = 'alice'): ImapFlowOptions {
    const password = server.users.find((u) => u.user === user)?.password ?? '';
    return {
      host: server.host,
      port: server.ports.imaps,
      secure: true,
      auth: { user, pass: password },
      // Trust exactly the test certificate: a client that skipped verification would pass this too.
      tls: { ca: server.caCertPem },
      logger: false,
      ...extra,
    };
  }

  it('serves IMAP over implicit TLS with the seeded mail, byte for byte, and CONDSTORE/QRESYNC/QUOTA', async () => {
    const client = new ImapFlow(imapOptions({}));
    await client.connect();
    try {
      expect(client.tls && client.tls.authorized).toBe(true);
      for (const cap of ['CONDSTORE', 'QRESYNC', 'QUOTA', 'IDLE', 'UIDPLUS', 'MOVE']) expect(client.capabilities.has(cap)).toBe(true);
      const status = await client.status('INBOX', { messages: true, unseen: true });
      expect(status && status.messages).toBe(20);
      const quota = await client.getQuota('INBOX');
      expect(quota && quota.storage?.limit).toBe(1024 * 1024 * 1024);
      const lock = await client.getMailboxLock('INBOX');
      try {
        const fetched = await client.fetchAll('1:*', { uid: true, source: true });
        expect(fetched.map((m) => digest(m.source))).toEqual(seeded.map((f) => digest(f.bytes)));
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  });

  it('refuses a client that does not trust the test certificate', async () => {
    const client = new ImapFlow({ ...imapOptions({}), tls: {} });
    await expect(client.connect()).rejects.toThrow(/self[- ]signed|certificate/i);
    client.close();
  });

  it('upgrades the plain IMAP port with STARTTLS when required', async () => {
    const client = new ImapFlow(imapOptions({ port: server.ports.imap, secure: false, doSTARTTLS: true }));
    await client.connect();
    try {
      expect(client.tls && client.tls.authorized).toBe(true);
      expect(await client.status('INBOX', { messages: true })).toMatchObject({ messages: 20 });
    } finally {
      await client.logout();
    }
  });

  it('refuses a wrong password', async () => {
    const client = new ImapFlow({ ...imapOptions({}), auth: { user: 'alice', pass: 'wrong' } });
    await expect(client.connect()).rejects.toMatchObject({ authenticationFailed: true });
    client.close();
  });

  it('speaks POP3 on the plain port with STLS, then USER/PASS/STAT/UIDL', async () => {
    const pop = await RawPop3.open(server.ports.pop3);
    try {
      expect(await pop.line()).toMatch(/^\+OK/);
      expect(await pop.command('CAPA')).toMatch(/^\+OK/);
      const capabilities = (await pop.multiline()).toString('latin1').split('\r\n');
      expect(capabilities).toContain('STLS');
      await pop.startTls(server.caCertPem);
      expect(pop.encrypted).toBe(true);
      expect(await pop.command('USER alice')).toMatch(/^\+OK/);
      expect(await pop.command('PASS alice-password')).toMatch(/^\+OK/);
      expect(await pop.command('STAT')).toMatch(/^\+OK 20 \d+$/);
      // pop3_uidl_format = %08Xu%08Xv: UID then UIDVALIDITY, 8 hex digits each (Dovecot 2.3 prints lower case).
      expect(await pop.command('UIDL 1')).toMatch(/^\+OK 1 00000001[0-9a-f]{8}$/);
      expect(await pop.command('QUIT')).toMatch(/^\+OK/);
    } finally {
      pop.close();
    }
  });

  it('speaks POP3S and returns every message byte for byte; refuses a wrong password', async () => {
    const pop = await RawPop3.open(server.ports.pop3s, { ca: server.caCertPem });
    try {
      expect(await pop.line()).toMatch(/^\+OK/);
      expect(await pop.command('USER alice')).toMatch(/^\+OK/);
      expect(await pop.command('PASS nope')).toMatch(/^-ERR/);
      expect(await pop.command('USER alice')).toMatch(/^\+OK/);
      expect(await pop.command('PASS alice-password')).toMatch(/^\+OK/);
      for (const [i, file] of seeded.entries()) {
        expect(await pop.command(`RETR ${i + 1}`)).toMatch(/^\+OK/);
        expect(digest(await pop.multiline())).toBe(digest(file.bytes));
      }
      expect(await pop.command('QUIT')).toMatch(/^\+OK/);
    } finally {
      pop.close();
    }
  });

  it('deliver() reaches an idling IMAP client; LMTP prepends only Return-Path, writeToMaildir is exact', async () => {
    // Auto-IDLE after 50 ms instead of 15 s, so the client is in IDLE when the mail arrives.
    const client = new ImapFlow({ ...imapOptions({}, 'bob'), autoIdleDelay: 50 });
    await client.connect();
    try {
      await client.mailboxOpen('INBOX');
      const arrived = (count: number): Promise<void> =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no EXISTS ${count} within 5 s`)), 5000);
          const onExists = (data: { count: number }): void => {
            if (data.count < count) return;
            clearTimeout(timer);
            client.off('exists', onExists);
            resolve();
          };
          client.on('exists', onExists);
        });

      await until(() => client.idling);
      const first = arrived(1);
      await server.deliver('bob', TRICKY);
      await first;
      const viaLmtp = await client.fetchOne('1', { source: true });
      expect(viaLmtp && viaLmtp.source).toEqual(Buffer.concat([Buffer.from('Return-Path: <>\r\n'), TRICKY]));

      await until(() => client.idling);
      const second = arrived(2);
      server.writeToMaildir('bob', TRICKY);
      await second;
      const direct = await client.fetchOne('2', { source: true });
      expect(direct && direct.source).toEqual(TRICKY);
    } finally {
      await client.logout();
    }
  });

  it('restart() keeps ports, certificate and mail', async () => {
    await server.restart();
    const client = new ImapFlow(imapOptions({}));
    await client.connect();
    try {
      expect(await client.status('INBOX', { messages: true })).toMatchObject({ messages: 20 });
    } finally {
      await client.logout();
    }
  });
});

function digest(bytes: Buffer | undefined): string {
  // Hashes, because deep-equality on megabytes of Buffers takes seconds in vitest.
  return bytes ? createHash('sha256').update(bytes).digest('hex') : 'missing';
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
