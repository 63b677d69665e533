import { createServer } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ServerSettings } from '../../../electron/contract';
import { openImapClient } from '../../../electron/engine/imap/connect';
import { createImapTester } from '../../../electron/engine/imap/test-connection';
import { type MailServer, startDovecot } from '../../mailserver/dovecot';
import { imapAccount, imapHarness, quietLog, waitFor } from './helpers';

let server: MailServer;

beforeAll(async () => {
  server = await startDovecot({ users: [{ user: 'conn', password: 'conn-pw' }] });
});

afterAll(async () => {
  await server?.stop();
});

const settings = (over: Partial<ServerSettings> = {}): ServerSettings => ({
  host: server.host,
  port: server.ports.imaps,
  security: 'tls',
  username: 'conn',
  allowCleartextPassword: false,
  ...over,
});

/** Connects like the worker does; resolves with whether the session was authenticated over TLS. */
const connect = async (s: ServerSettings, opts: { password?: string; tlsCa?: string } = {}) => {
  const client = await openImapClient({
    settings: s,
    password: opts.password ?? 'conn-pw',
    role: 'main',
    extras: { ...(opts.tlsCa ? { tlsCa: opts.tlsCa } : {}), connectTimeoutMs: 5_000, greetingTimeoutMs: 5_000 },
    log: quietLog,
    onClose: () => undefined,
  });
  const facts = { secure: client.secureConnection, authenticated: Boolean(client.authenticated) };
  await client.logout();
  return facts;
};

describe('IMAP connection security', () => {
  it('connects with implicit TLS and with required STARTTLS when the CA is trusted', async () => {
    expect(await connect(settings(), { tlsCa: server.caCertPem })).toEqual({ secure: true, authenticated: true });
    expect(await connect(settings({ port: server.ports.imap, security: 'starttls' }), { tlsCa: server.caCertPem })).toEqual({
      secure: true,
      authenticated: true,
    });
  });

  it('refuses an untrusted certificate (no CA, no pin) and reports its fingerprint', async () => {
    for (const s of [settings(), settings({ port: server.ports.imap, security: 'starttls' })]) {
      const err = await connect(s).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'untrusted_certificate' });
      const detail = (err as { detail?: Record<string, string> }).detail;
      expect(detail?.fingerprint256).toBe(server.certFingerprint256);
      expect(detail?.subject).toContain('CN=localhost');
      expect(detail?.validTo).toBeTruthy();
    }
  });

  it('connects when the untrusted certificate is exactly the pinned one (TLS and STARTTLS)', async () => {
    const pin = server.certFingerprint256;
    expect(await connect(settings({ trustedFingerprint256: pin }))).toEqual({ secure: true, authenticated: true });
    expect(await connect(settings({ port: server.ports.imap, security: 'starttls', trustedFingerprint256: pin }))).toEqual({
      secure: true,
      authenticated: true,
    });
  });

  it('refuses a certificate that does not match the pin, before sending the password', async () => {
    const wrong = server.certFingerprint256.replace(/^[0-9A-F]{2}/, (h) => (h === '00' ? '01' : '00'));
    for (const s of [
      settings({ trustedFingerprint256: wrong }),
      settings({ port: server.ports.imap, security: 'starttls', trustedFingerprint256: wrong }),
    ]) {
      const err = await connect(s).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'untrusted_certificate', detail: { fingerprint256: server.certFingerprint256 } });
    }
  });

  it('never sends the password in cleartext without consent', async () => {
    await expect(connect(settings({ port: server.ports.imap, security: 'none' }))).rejects.toMatchObject({ code: 'cleartext_refused' });
    // With consent (the test server allows plaintext auth on loopback) it works.
    expect(await connect(settings({ port: server.ports.imap, security: 'none', allowCleartextPassword: true }))).toEqual({
      secure: false,
      authenticated: true,
    });
  });

  it('fails STARTTLS-required when the server does not offer it (no downgrade)', async () => {
    // A fake server that greets without STARTTLS, as a man in the middle stripping it would.
    const fake = createServer((socket) => {
      socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake ready\r\n');
      socket.on('data', (d) => {
        const tag = d.toString().split(' ')[0];
        if (/CAPABILITY/i.test(d.toString())) socket.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`);
        else if (/LOGIN|AUTHENTICATE/i.test(d.toString())) socket.write(`${tag} OK leaked\r\n`);
        else socket.write(`${tag} OK\r\n`);
      });
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    const port = (fake.address() as { port: number }).port;
    let sawLogin = false;
    fake.on('connection', (s) => s.on('data', (d) => (sawLogin ||= /LOGIN|AUTHENTICATE/i.test(d.toString()))));
    try {
      await expect(connect(settings({ port, security: 'starttls' }))).rejects.toMatchObject({ code: 'tls_failed' });
      expect(sawLogin).toBe(false);
    } finally {
      fake.close();
    }
  });

  it('maps network failures to stable codes', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(connect(settings({ port }), { tlsCa: server.caCertPem })).rejects.toMatchObject({ code: 'connection_refused' });
    await expect(connect(settings({ host: 'no-such-host.invalid' }), { tlsCa: server.caCertPem })).rejects.toMatchObject({
      code: 'host_not_found',
    });
    // A server that accepts and then says nothing.
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const client = openImapClient({
        settings: settings({ port: (silent.address() as { port: number }).port, security: 'none', allowCleartextPassword: true }),
        password: 'x',
        role: 'main',
        extras: { connectTimeoutMs: 2_000, greetingTimeoutMs: 500 },
        log: quietLog,
        onClose: () => undefined,
      });
      await expect(client).rejects.toMatchObject({ code: 'timeout' });
    } finally {
      silent.close();
    }
  });

  it('a wrong password ends in status error/auth_failed, with no retry loop', async () => {
    const h = imapHarness(server, 'conn', { password: 'wrong-password' });
    try {
      await expect(h.worker.syncNow()).rejects.toMatchObject({ code: 'auth_failed' });
      expect(h.statuses.at(-1)).toMatchObject({ state: 'error', error: { code: 'auth_failed' }, nextCheckAt: null });
      const seen = h.statuses.length;
      await new Promise((r) => setTimeout(r, 1_500));
      expect(h.statuses.length).toBe(seen);
      expect(JSON.stringify(h.statuses)).not.toContain('wrong-password');
    } finally {
      await h.stop();
    }
  });

  it('the worker reports an untrusted certificate as status error, and connects with the pin', async () => {
    const untrusted = imapHarness(server, 'conn', { deps: { tlsCa: undefined } });
    try {
      await expect(untrusted.worker.syncNow()).rejects.toMatchObject({
        code: 'untrusted_certificate',
        detail: { fingerprint256: server.certFingerprint256 },
      });
      expect(untrusted.statuses.at(-1)).toMatchObject({ state: 'error', error: { code: 'untrusted_certificate' } });
    } finally {
      await untrusted.stop();
    }
    const pinned = imapHarness(server, 'conn', {
      account: imapAccount(server, 'conn', { trustedFingerprint256: server.certFingerprint256 }),
      deps: { tlsCa: undefined },
    });
    try {
      await pinned.worker.syncNow();
      await waitFor(() => pinned.statuses.at(-1)?.state === 'online');
      expect(await pinned.store.db.folders.get(`${pinned.account.id}/INBOX`)).toMatchObject({ role: 'inbox' });
    } finally {
      await pinned.stop();
    }
  });

  it('the account wizard tester reports capabilities, or the refusal with its code', async () => {
    const tester = createImapTester(quietLog, { tlsCa: server.caCertPem });
    const ok = await tester(imapAccount(server, 'conn'), 'conn-pw');
    expect(ok).toMatchObject({ ok: true, facts: { encrypted: 'yes' } });
    expect(ok.facts.capabilities).toContain('QRESYNC');
    expect(ok.facts.quota).toMatch(/of 1073741824 bytes/);
    expect(await tester(imapAccount(server, 'conn'), 'nope')).toMatchObject({ ok: false, error: { code: 'auth_failed' } });
    const untrusted = await createImapTester(quietLog)(imapAccount(server, 'conn'), 'conn-pw');
    expect(untrusted).toMatchObject({
      ok: false,
      error: { code: 'untrusted_certificate', detail: { fingerprint256: server.certFingerprint256 } },
    });
  });
});
