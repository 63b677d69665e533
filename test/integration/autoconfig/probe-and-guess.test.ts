import { createServer, type Server, type Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DiscoveryProgress } from '../../../electron/contract/wizard';
import { discover } from '../../../electron/engine/accounts/autoconfig/discover';
import { type DiscoveryOptions, resolveDiscoveryConfig } from '../../../electron/engine/accounts/autoconfig/discovery-config';
import { createResolver, resolverLookup } from '../../../electron/engine/accounts/autoconfig/dns';
import { createWizardHandlers } from '../../../electron/engine/accounts/autoconfig/wizard-handlers';
import { type ProbeEnv, probeServer } from '../../../electron/engine/accounts/probe/probe-server';
import { type DnsServer, startDnsServer } from '../../helpers/dns-server';
import { quietLog } from '../../helpers/pop3-account';
import { type MailServer, startDovecot } from '../../mailserver/dovecot';
import { pickFreePorts } from '../../mailserver/net-util';

let dovecot: MailServer;
let dns: DnsServer;
let closedPort: number;
const servers: Server[] = [];

/** A loopback server that runs `script` for each connection. */
const fakeServer = async (script: (socket: Socket) => void): Promise<number> => {
  const server = createServer(script);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as { port: number }).port;
};

beforeAll(async () => {
  dovecot = await startDovecot();
  [closedPort] = (await pickFreePorts(1)) as [number];
  dns = await startDnsServer({
    a: {
      'imap.guess.test': '127.0.0.1',
      'pop3.guess.test': '127.0.0.1',
      'mail.guess.test': '127.0.0.1',
      'imap.starttls.test': '127.0.0.1',
      'mail.dovecot.test': '127.0.0.1',
    },
  });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await dns?.stop();
  await dovecot?.stop();
});

const noRetest = {
  getAccount: () => {
    throw new Error('no accounts here');
  },
  secrets: { get: async () => null, set: async () => undefined, delete: async () => undefined, protection: '' },
  test: async () => ({ incoming: { ok: false, facts: {} } }),
};

const env = (timeoutMs = 3_000): ProbeEnv => ({
  timeoutMs,
  signal: new AbortController().signal,
  lookup: resolverLookup(createResolver(dns.servers, 1_000)),
});

describe("password-less probes against the project's Dovecot", () => {
  it('reads an IMAP server over implicit TLS, reporting its self-signed certificate as untrusted', async () => {
    const result = await probeServer({ protocol: 'imap', host: 'mail.dovecot.test', port: dovecot.ports.imaps, security: 'tls' }, env());
    expect(result).toMatchObject({ speaks: true, encryption: 'tls', loginDisabled: false, error: null });
    expect(result.authMechanisms).toEqual(expect.arrayContaining(['PLAIN']));
    expect(result.certificate).toMatchObject({ trusted: false, fingerprint256: dovecot.certFingerprint256, subject: 'CN=localhost' });
    expect(result.certificate?.reason).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('upgrades IMAP and POP3 with STARTTLS / STLS and asks for capabilities again', async () => {
    const imap = await probeServer({ protocol: 'imap', host: '127.0.0.1', port: dovecot.ports.imap, security: 'starttls' }, env());
    expect(imap).toMatchObject({ speaks: true, encryption: 'starttls', starttlsOffered: true, error: null });
    expect(imap.certificate?.fingerprint256).toBe(dovecot.certFingerprint256);
    const pop3 = await probeServer({ protocol: 'pop3', host: '127.0.0.1', port: dovecot.ports.pop3, security: 'starttls' }, env());
    expect(pop3).toMatchObject({ speaks: true, encryption: 'starttls', starttlsOffered: true, loginDisabled: false, error: null });
    const pop3s = await probeServer({ protocol: 'pop3', host: '127.0.0.1', port: dovecot.ports.pop3s, security: 'tls' }, env());
    expect(pop3s).toMatchObject({ speaks: true, encryption: 'tls', error: null });
  });

  it('reports a plain connection as unencrypted while noting that STARTTLS was on offer', async () => {
    const result = await probeServer({ protocol: 'pop3', host: '127.0.0.1', port: dovecot.ports.pop3, security: 'none' }, env());
    expect(result).toMatchObject({ speaks: true, encryption: 'none', starttlsOffered: true, certificate: null });
  });

  it('says which protocol actually answered when the port belongs to another', async () => {
    const result = await probeServer({ protocol: 'imap', host: '127.0.0.1', port: dovecot.ports.pop3s, security: 'tls' }, env());
    expect(result.speaks).toBe(false);
    expect(result.error).toMatchObject({ code: 'protocol_error', detail: { answeredAs: 'pop3' } });
  });

  it.each([
    ['host_not_found', 'nowhere.guess-nothing.test', () => 993],
    ['connection_refused', '127.0.0.1', () => closedPort],
  ])('fails with %s', async (code, host, port) => {
    const result = await probeServer({ protocol: 'imap', host, port: port(), security: 'tls' }, env());
    expect(result).toMatchObject({ speaks: false, error: { code } });
  });

  it('gives up on a server that accepts but never greets, within its time box', async () => {
    const silent = await fakeServer(() => undefined);
    const started = Date.now();
    const result = await probeServer({ protocol: 'pop3', host: '127.0.0.1', port: silent, security: 'none' }, env(400));
    expect(result).toMatchObject({ speaks: false, error: { code: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reads a multi-line SMTP greeting and EHLO: STARTTLS offered, AUTH mechanisms', async () => {
    const smtp = await fakeServer((socket) => {
      socket.write('220-smtp.example.test ESMTP\r\n220 welcome\r\n');
      socket.on('data', (d: Buffer) => {
        const line = d.toString();
        if (line.startsWith('EHLO')) socket.write('250-smtp.example.test\r\n250-PIPELINING\r\n250-AUTH PLAIN LOGIN\r\n250 STARTTLS\r\n');
        else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
      });
    });
    const result = await probeServer({ protocol: 'smtp', host: '127.0.0.1', port: smtp, security: 'none' }, env());
    expect(result).toMatchObject({ speaks: true, encryption: 'none', starttlsOffered: true, authMechanisms: ['PLAIN', 'LOGIN'] });
  });

  it('refuses a STARTTLS answer with plaintext injected after it', async () => {
    const injecting = await fakeServer((socket) => {
      socket.write('+OK ready\r\n');
      socket.on('data', (d: Buffer) => {
        const line = d.toString();
        if (line.startsWith('CAPA')) socket.write('+OK\r\nSTLS\r\nUSER\r\n.\r\n');
        else if (line.startsWith('STLS')) socket.write('+OK go ahead\r\n+OK injected\r\n');
      });
    });
    const result = await probeServer({ protocol: 'pop3', host: '127.0.0.1', port: injecting, security: 'starttls' }, env());
    expect(result.error).toMatchObject({ code: 'protocol_error' });
    expect(result.encryption).toBeNull();
  });
});

describe('guessing host names with real probes', () => {
  const guessOptions = (over: Partial<DiscoveryOptions> = {}): DiscoveryOptions => ({
    ispdbBaseUrl: 'http://127.0.0.1:1/v1.1/',
    resolverServers: dns.servers,
    httpPorts: { http: 1, https: 1 },
    timeouts: { httpMs: 500, dnsMs: 500, probeMs: 2_000, guessMs: 8_000 },
    ...over,
  });

  it('finds IMAP and POP3 on guessed names, implicit TLS first, all marked not verified', async () => {
    const config = resolveDiscoveryConfig(
      guessOptions({
        guessPorts: {
          imap: { tls: dovecot.ports.imaps, starttls: dovecot.ports.imap },
          pop3: { tls: dovecot.ports.pop3s, starttls: dovecot.ports.pop3 },
          smtp: { tls: closedPort, starttls: closedPort },
        },
      }),
    );
    const result = await discover('jo@guess.test', { config, signal: new AbortController().signal });
    expect(result.sources.find((s) => s.source === 'guess')?.state).toBe('found');
    expect(result.imap.map((s) => [s.host, s.port, s.security, s.verified, s.source])).toEqual([
      ['imap.guess.test', dovecot.ports.imaps, 'tls', false, 'guess'],
      ['mail.guess.test', dovecot.ports.imaps, 'tls', false, 'guess'],
    ]);
    expect(result.pop3.map((s) => s.host)).toEqual(['pop3.guess.test', 'mail.guess.test']);
    expect(result.smtp).toEqual([]);
  });

  it('falls back to STARTTLS when nothing listens on the TLS port', async () => {
    const config = resolveDiscoveryConfig(
      guessOptions({
        guessPorts: {
          imap: { tls: closedPort, starttls: dovecot.ports.imap },
          pop3: { tls: closedPort, starttls: closedPort },
          smtp: { tls: closedPort, starttls: closedPort },
        },
      }),
    );
    const result = await discover('jo@starttls.test', { config, signal: new AbortController().signal });
    expect(result.imap.map((s) => [s.host, s.port, s.security])).toEqual([['imap.starttls.test', dovecot.ports.imap, 'starttls']]);
  });
});

describe("the wizard's engine commands", () => {
  it('sends progress only to the asking client, and only that client can stop its search', async () => {
    const events: { clientId: string; progress: DiscoveryProgress }[] = [];
    const { handlers, dispose } = createWizardHandlers({
      options: {
        ispdbBaseUrl: 'http://127.0.0.1:1/v1.1/',
        resolverServers: dns.servers,
        httpPorts: { http: 1, https: 1 },
        guessPorts: {
          imap: { tls: closedPort, starttls: closedPort },
          pop3: { tls: closedPort, starttls: closedPort },
          smtp: { tls: closedPort, starttls: closedPort },
        },
      },
      log: quietLog,
      progress: (clientId, progress) => events.push({ clientId, progress }),
      available: () => ({ imap: false, pop3: true }),
      retest: noRetest,
    });
    try {
      const done = handlers['accounts:discover']({ discoveryId: 'd1', email: 'kim@gmail.com' }, { clientId: 'a' });
      const result = await done;
      expect(result.available).toEqual({ imap: false, pop3: true });
      expect(events.every((e) => e.clientId === 'a' && e.progress.discoveryId === 'd1')).toBe(true);
      expect(events.map((e) => `${e.progress.source}:${e.progress.state}`)).toContain('builtin:found');

      await expect(handlers['accounts:discoverStop']({ discoveryId: 'd1' }, { clientId: 'b' })).resolves.toEqual({ stopped: false });
    } finally {
      dispose();
    }
  });

  it('probes one server for the manual form', async () => {
    const { handlers } = createWizardHandlers({
      options: { resolverServers: dns.servers },
      log: quietLog,
      progress: () => undefined,
      available: () => ({ imap: true, pop3: true }),
      retest: noRetest,
    });
    const result = await handlers['accounts:probe'](
      { protocol: 'pop3', host: 'mail.dovecot.test', port: dovecot.ports.pop3s, security: 'tls' },
      { clientId: 'a' },
    );
    expect(result).toMatchObject({ speaks: true, encryption: 'tls', certificate: { trusted: false } });
  });
});
