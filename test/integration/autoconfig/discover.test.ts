import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { SourceReport } from '../../../electron/contract/wizard';
import { discover } from '../../../electron/engine/accounts/autoconfig/discover';
import { type DiscoveryOptions, resolveDiscoveryConfig } from '../../../electron/engine/accounts/autoconfig/discovery-config';
import { type DnsServer, startDnsServer } from '../../helpers/dns-server';
import { type AutoconfigServer, clientConfigXml, startAutoconfigServer } from '../../helpers/http-autoconfig';

// A real DNS server (dnsmasq) and a real HTTP(S) server on loopback; nothing is mocked.
let dns: DnsServer;
let web: AutoconfigServer;

const tlsNames = ['autoconfig.provider.test', 'provider.test', 'wellknown.test', 'autoconfig.mailhost.test', 'mailhost.test'];

beforeAll(async () => {
  web = await startAutoconfigServer({ tlsNames });
  dns = await startDnsServer({
    a: Object.fromEntries(
      ['ispdb.homing.test', ...tlsNames, 'autoconfig.httponly.test', 'httponly.test', 'autoconfig.broken.test'].map((n) => [
        n,
        '127.0.0.1',
      ]),
    ),
    mx: [
      { domain: 'company.test', exchange: 'mx1.mailhost.test', preference: 10 },
      { domain: 'company.test', exchange: 'backup.elsewhere.test', preference: 20 },
    ],
    srv: [
      { name: '_imaps._tcp.srv.test', target: 'imap.srv.test', port: 993 },
      { name: '_imap._tcp.srv.test', target: '.', port: 0 },
      { name: '_pop3s._tcp.srv.test', target: 'pop.hosting.test', port: 995, priority: 10 },
      { name: '_pop3s._tcp.srv.test', target: 'pop-backup.hosting.test', port: 995, priority: 20 },
      { name: '_submission._tcp.srv.test', target: 'smtp.srv.test', port: 587 },
    ],
  });
});

afterAll(async () => {
  await dns?.stop();
  await web?.stop();
});

beforeEach(() => {
  web.requests.length = 0;
  web.setRoutes({});
});

const options = (over: DiscoveryOptions = {}): DiscoveryOptions => ({
  ispdbBaseUrl: web.ispdbHttpsUrl,
  resolverServers: dns.servers,
  httpPorts: { http: web.httpPort, https: web.httpsPort },
  extraCa: web.caPem,
  // Guessing would probe real ports on 127.0.0.1; these tests are about the other sources.
  guessPorts: { imap: { tls: 1, starttls: 1 }, pop3: { tls: 1, starttls: 1 }, smtp: { tls: 1, starttls: 1 } },
  timeouts: { httpMs: 2_000, dnsMs: 1_000, probeMs: 1_000, guessMs: 3_000 },
  ...over,
});

const run = async (email: string, over: DiscoveryOptions = {}, signal: AbortSignal = new AbortController().signal) => {
  const progress: SourceReport[] = [];
  const result = await discover(email, { config: resolveDiscoveryConfig(options(over)), signal, onProgress: (r) => progress.push(r) });
  const final = Object.fromEntries(result.sources.map((s) => [s.source, s.state]));
  return { result, progress, final };
};

const ispConfig = clientConfigXml({
  id: 'isp.test',
  name: 'ISP Test Mail',
  servers: [
    { type: 'imap', host: 'imap.isp.test', port: 993, socketType: 'SSL' },
    { type: 'pop3', host: 'pop.isp.test', port: 995, socketType: 'SSL', username: '%EMAILLOCALPART%' },
    { type: 'smtp', host: 'smtp.isp.test', port: 465, socketType: 'SSL' },
  ],
});

describe('discovery against a local ISPDB, provider URLs and a dnsmasq DNS server', () => {
  it('finds a domain in the ISPDB over HTTPS: verified, named as the source, the rest skipped', async () => {
    web.setRoutes({ ispdb: { 'isp.test': ispConfig } });
    const { result, progress, final } = await run('ann@isp.test');
    expect(result.provider?.name).toBe('ISP Test Mail');
    expect(result.imap[0]).toMatchObject({
      host: 'imap.isp.test',
      port: 993,
      security: 'tls',
      verified: true,
      source: 'ispdb',
      usernames: ['ann@isp.test'],
    });
    expect(result.pop3[0]).toMatchObject({ host: 'pop.isp.test', usernames: ['ann'] });
    expect(result.smtp[0]).toMatchObject({ host: 'smtp.isp.test', port: 465 });
    expect(final).toMatchObject({ builtin: 'nothing', ispdb: 'found', guess: 'skipped' });
    expect(progress).toContainEqual({ source: 'ispdb', state: 'searching', subject: 'isp.test' });
    // The ISPDB is told the domain only, never the address.
    const toIspdb = web.requests.filter((r) => r.path.startsWith('/v1.1/'));
    expect(toIspdb).toEqual([{ scheme: 'https', host: 'ispdb.homing.test', path: '/v1.1/isp.test', query: '' }]);
  });

  it('marks an ISPDB answer over plain HTTP as not verified', async () => {
    web.setRoutes({ ispdb: { 'isp.test': ispConfig } });
    const { result } = await run('ann@isp.test', { ispdbBaseUrl: web.ispdbHttpUrl });
    expect(result.imap[0]).toMatchObject({ source: 'ispdb', verified: false });
  });

  it("asks the provider's autoconfig host, sending the address only over HTTPS", async () => {
    web.setRoutes({
      hosts: {
        'autoconfig.provider.test': {
          '/mail/config-v1.1.xml': clientConfigXml({
            id: 'provider.test',
            servers: [{ type: 'imap', host: 'mail.provider.test', port: 993, socketType: 'SSL' }],
          }),
        },
      },
    });
    const { result, final } = await run('bo@provider.test');
    expect(final).toMatchObject({ ispdb: 'nothing', provider: 'found' });
    expect(result.imap[0]).toMatchObject({
      host: 'mail.provider.test',
      verified: true,
      source: 'provider',
      evidence: 'https://autoconfig.provider.test/mail/config-v1.1.xml?emailaddress=…',
    });
    expect(result.pop3).toEqual([]);
    const sent = web.requests.filter((r) => r.host === 'autoconfig.provider.test');
    expect(sent.find((r) => r.scheme === 'https')?.query).toBe('?emailaddress=bo%40provider.test');
    expect(sent.filter((r) => r.scheme === 'http').every((r) => r.query === '')).toBe(true);
  });

  it('falls back to /.well-known/ on the domain itself', async () => {
    web.setRoutes({
      hosts: {
        'wellknown.test': {
          '/.well-known/autoconfig/mail/config-v1.1.xml': clientConfigXml({
            id: 'wellknown.test',
            servers: [{ type: 'pop3', host: 'pop.wellknown.test', port: 995, socketType: 'SSL' }],
          }),
        },
      },
    });
    const { result } = await run('cy@wellknown.test');
    expect(result.pop3[0]).toMatchObject({
      host: 'pop.wellknown.test',
      verified: true,
      source: 'provider',
      evidence: 'https://wellknown.test/.well-known/autoconfig/mail/config-v1.1.xml',
    });
    expect(result.imap).toEqual([]);
  });

  it('accepts a provider file over plain HTTP only as "not verified"', async () => {
    // No certificate covers this name, so HTTPS fails; the plain-HTTP answer is used, flagged.
    web.setRoutes({
      hosts: {
        'autoconfig.httponly.test': {
          '/mail/config-v1.1.xml': clientConfigXml({
            id: 'httponly.test',
            servers: [{ type: 'imap', host: 'imap.httponly.test', port: 993, socketType: 'SSL' }],
          }),
        },
      },
    });
    const { result } = await run('di@httponly.test');
    expect(result.imap[0]).toMatchObject({
      host: 'imap.httponly.test',
      verified: false,
      source: 'provider',
      evidence: 'http://autoconfig.httponly.test/mail/config-v1.1.xml',
    });
  });

  it('reports malformed XML as "unreadable" for that source only', async () => {
    web.setRoutes({
      ispdb: { 'provider.test': '<clientConfig><emailProvider id="x"><incomingServer type="imap"></emailProvider>' },
      hosts: {
        'autoconfig.provider.test': {
          '/mail/config-v1.1.xml': clientConfigXml({
            id: 'provider.test',
            servers: [{ type: 'imap', host: 'imap.provider.test', port: 993, socketType: 'SSL' }],
          }),
        },
      },
    });
    const { result, final } = await run('ed@provider.test');
    expect(final).toMatchObject({ ispdb: 'unreadable', provider: 'found' });
    expect(result.imap[0]?.host).toBe('imap.provider.test');
  });

  it('follows the MX record to the hosting provider, unverified because it is outside the domain', async () => {
    web.setRoutes({
      ispdb: {
        'mailhost.test': clientConfigXml({
          id: 'mailhost.test',
          name: 'Mailhost',
          servers: [
            { type: 'imap', host: 'imap.mailhost.test', port: 993, socketType: 'SSL' },
            { type: 'pop3', host: 'pop.mailhost.test', port: 995, socketType: 'SSL' },
          ],
        }),
      },
    });
    const { result, final } = await run('fay@company.test');
    expect(final).toMatchObject({ mx: 'found', ispdb: 'nothing', provider: 'nothing' });
    expect(result.provider?.name).toBe('Mailhost');
    expect(result.imap[0]).toMatchObject({ host: 'imap.mailhost.test', source: 'mx', verified: false, usernames: ['fay@company.test'] });
    expect(result.imap[0]?.evidence).toContain('mx1.mailhost.test →');
  });

  it('reads RFC 6186 SRV records: "." means not offered, targets inside the domain are verified', async () => {
    const { result, final } = await run('gil@srv.test');
    expect(final).toMatchObject({ srv: 'found', guess: 'skipped' });
    expect(result.imap.map((s) => [s.host, s.port, s.security, s.verified])).toEqual([['imap.srv.test', 993, 'tls', true]]);
    expect(result.pop3.map((s) => [s.host, s.verified])).toEqual([
      ['pop.hosting.test', false],
      ['pop-backup.hosting.test', false],
    ]);
    expect(result.smtp[0]).toMatchObject({ host: 'smtp.srv.test', port: 587, security: 'starttls', evidence: '_submission._tcp.srv.test' });
    expect(result.imap[0]?.usernames).toEqual(['gil@srv.test', 'gil']);
  });

  it('answers the largest providers from the built-in table without touching the network', async () => {
    const { result, final } = await run('someone@gmail.com');
    expect(final).toMatchObject({
      builtin: 'found',
      ispdb: 'skipped',
      provider: 'skipped',
      mx: 'skipped',
      srv: 'skipped',
      guess: 'skipped',
    });
    expect(result.provider).toMatchObject({
      name: 'Gmail',
      needsAppPassword: true,
      appPasswordUrl: 'https://myaccount.google.com/apppasswords',
    });
    expect(result.imap[0]).toMatchObject({ host: 'imap.gmail.com', verified: true });
    expect(result.pop3[0]).toMatchObject({ host: 'pop.gmail.com', port: 995 });
    expect(web.requests).toEqual([]);
  });

  it('time-boxes a slow source and still answers from the others', async () => {
    web.setRoutes({ ispdb: { 'srv.test': { body: ispConfig, delayMs: 4_000 } } });
    const started = Date.now();
    const { result, final } = await run('gil@srv.test', { timeouts: { httpMs: 500 } });
    expect(final.ispdb).toBe('timeout');
    expect(result.imap[0]?.source).toBe('srv');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('stops at once when the user asks, reporting every running source as stopped', async () => {
    web.setRoutes({ ispdb: { 'slow.test': { body: ispConfig, delayMs: 5_000 } } });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const { result, final } = await run('hal@slow.test', {}, controller.signal);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.stopped).toBe(true);
    expect(final).toMatchObject({ ispdb: 'stopped', guess: 'stopped' });
  });

  it('finds nothing for an unknown domain, and says so per source', async () => {
    const { result, final } = await run('ida@nothing-here.test');
    expect([...result.imap, ...result.pop3, ...result.smtp]).toEqual([]);
    expect(final).toMatchObject({
      builtin: 'nothing',
      ispdb: 'nothing',
      provider: 'nothing',
      mx: 'nothing',
      srv: 'nothing',
      guess: 'nothing',
    });
  });
});
