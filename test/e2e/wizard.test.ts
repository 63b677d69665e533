import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DiscoveryOptions } from '../../electron/engine/accounts/autoconfig/discovery-config';
import { protocolFactories, protocolTesters } from '../../electron/engine/protocols';
import { type DnsServer, startDnsServer } from '../helpers/dns-server';
import { type AutoconfigServer, clientConfigXml, startAutoconfigServer } from '../helpers/http-autoconfig';
import { type MailServer, startDovecot } from '../mailserver/dovecot';
import { pickFreePorts } from '../mailserver/net-util';
import { generateMessages, seedMaildir } from '../mailserver/seed';
import { launchChromium } from './helpers/browser';
import { dumpStore } from './helpers/store-dump';
import {
  alertText,
  choose,
  fillIdentity,
  findSettings,
  IMAP_CARD,
  next,
  POP3_CARD,
  savedAccounts,
  screenshot,
  signIn,
  signInTrusting,
  trustCertificate,
  waitAdded,
  withWizard,
} from './helpers/wizard';

const PASSWORD = 'Wizard-e2e-Passw0rd!';
const IMAP_READY = protocolTesters.imap !== undefined && protocolFactories.imap !== undefined;

let dovecot: MailServer;
let dns: DnsServer;
let web: AutoconfigServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let closedPort: number;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: 'dana', password: PASSWORD }] });
  seedMaildir(dovecot, 'dana', generateMessages(6, { seed: 9 }), { mixedFlags: false });
  [closedPort] = (await pickFreePorts(1)) as [number];
  web = await startAutoconfigServer({ tlsNames: [] });
  web.setRoutes({
    ispdb: {
      'autoconfig.test': clientConfigXml({
        id: 'autoconfig.test',
        name: 'Autoconfig Test Mail',
        servers: [
          { type: 'imap', host: '127.0.0.1', port: dovecot.ports.imaps, socketType: 'SSL', username: '%EMAILLOCALPART%' },
          { type: 'pop3', host: '127.0.0.1', port: dovecot.ports.pop3s, socketType: 'SSL', username: '%EMAILLOCALPART%' },
        ],
      }),
      'slow.test': { body: '<clientConfig/>', delayMs: 20_000 },
    },
  });
  dns = await startDnsServer({
    // dnsmasq runs with --no-hosts; the SRV target "localhost" must resolve for the live check too.
    a: { 'ispdb.homing.test': '127.0.0.1', localhost: '127.0.0.1' },
    srv: [
      // Targets outside srv.test: found through DNS only, so the user must confirm them.
      { name: '_pop3s._tcp.srv.test', target: 'localhost', port: dovecot.ports.pop3s },
      { name: '_imaps._tcp.srv.test', target: 'localhost', port: dovecot.ports.imaps },
    ],
  });
  chromium = await launchChromium();
  browser = chromium.browser;
});

afterAll(async () => {
  await chromium?.close();
  await dns?.stop();
  await web?.stop();
  await dovecot?.stop();
});

const discoveryFor = (): DiscoveryOptions => ({
  ispdbBaseUrl: web.ispdbHttpsUrl,
  resolverServers: dns.servers,
  httpPorts: { http: web.httpPort, https: web.httpsPort },
  extraCa: web.caPem,
  guessPorts: {
    imap: { tls: closedPort, starttls: closedPort },
    pop3: { tls: closedPort, starttls: closedPort },
    smtp: { tls: closedPort, starttls: closedPort },
  },
  timeouts: { httpMs: 30_000, dnsMs: 1_000, probeMs: 2_000, guessMs: 4_000 },
});

describe("the setup wizard in Chromium, against the project's Dovecot", () => {
  it('POP3 from the autoconfig (ISPDB) server: choose, keep 14 days, trust the certificate, wrong then right password; no password leaks', async () => {
    await withWizard(browser, discoveryFor(), async (s) => {
      const { page } = s;
      await fillIdentity(page, 'dana@autoconfig.test');
      await findSettings(page, 'wizard-1-identity');
      await expect(page.getByText(/found the settings for Autoconfig Test Mail in Thunderbird’s database/i).count()).resolves.toBe(1);
      await page.getByRole('radio', { name: 'No, only on this computer' }).check();
      await expect(page.getByRole('radio', { name: POP3_CARD }).isChecked()).resolves.toBe(true);
      await expect(page.getByText('Recommended: your mail will be on this computer, readable offline.').count()).resolves.toBe(1);
      await screenshot(page, 'wizard-3-choose');
      await next(page);

      await page.getByRole('heading', { name: 'What should happen to the server’s copy?' }).waitFor();
      await expect(page.getByRole('radio', { name: /Keep a copy on the server for 14 days/ }).isChecked()).resolves.toBe(true);
      await expect(page.getByRole('radio', { name: /Delete from the server after download/ }).isChecked()).resolves.toBe(false);
      await screenshot(page, 'wizard-4-policy');
      await next(page);

      // Verified settings: straight to sign-in, no server form to fill.
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel('Password', { exact: true }).fill('not-the-password');
      await screenshot(page, 'wizard-6-signin');
      await signIn(page);

      await page.getByRole('alert').getByText('This computer does not trust the server’s certificate').waitFor();
      await expect(alertText(page)).resolves.toContain(dovecot.certFingerprint256);
      await expect(alertText(page)).resolves.toContain('CN=localhost');
      await screenshot(page, 'wizard-7-untrusted-certificate');
      await trustCertificate(page);
      await signIn(page);

      await page.getByRole('alert').getByText('The password was not accepted').waitFor();
      await expect(alertText(page)).resolves.toContain('“dana”');
      await screenshot(page, 'wizard-8-wrong-password');

      await signIn(page, PASSWORD);
      await waitAdded(page);
      await expect(page.getByTestId('account-mode').textContent()).resolves.toBe(
        'POP3 — downloaded to this computer · server copy kept 14 days after download',
      );
      const list = page.getByRole('listbox', { name: 'Messages' });
      await expect.poll(() => list.getAttribute('aria-rowcount'), { timeout: 30_000 }).toBe('6');
      await screenshot(page, 'wizard-9-done');

      // Invariant 7: the password is in the secret store and nowhere else.
      const dump = await dumpStore(page);
      expect(dump).toContain('dana@autoconfig.test');
      expect(dump).not.toContain(PASSWORD);

      const files: string[] = [];
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir)) {
          const path = join(dir, entry);
          if (statSync(path).isDirectory()) walk(path);
          else files.push(path);
        }
      };
      walk(s.dataDir);
      const secrets = files.filter((f) => f.startsWith(join(s.dataDir, 'secrets')));
      const others = files.filter((f) => !secrets.includes(f));
      expect(others.map((f) => f.slice(s.dataDir.length))).toEqual(expect.arrayContaining(['/accounts.json', '/homing.log']));
      for (const f of others) expect(readFileSync(f, 'utf8'), f).not.toContain(PASSWORD);
      // The search itself works: the one place the password belongs does contain it.
      expect(secrets.some((f) => readFileSync(f, 'utf8').includes(PASSWORD))).toBe(true);
      expect(s.frames.length).toBeGreaterThan(10);
      expect(s.frames.filter((f) => f.includes(PASSWORD))).toEqual([]);
      expect(s.frames.some((f) => f.includes('accounts:discoverProgress'))).toBe(true);
    });
  });

  it('POP3 from SRV records: confirmed by the user, user name forms tried in turn', async () => {
    await withWizard(browser, discoveryFor(), async (s) => {
      const { page } = s;
      await fillIdentity(page, 'dana@srv.test');
      await findSettings(page);
      await expect(page.getByText(/in the service records \(SRV\) of srv\.test’s DNS/i).count()).resolves.toBe(1);
      if (!IMAP_READY) {
        await expect(page.getByRole('radio', { name: IMAP_CARD }).isDisabled()).resolves.toBe(true);
        await expect(page.getByText('Not available in this version of Homing yet.').count()).resolves.toBe(1);
        await expect(page.getByRole('radio', { name: POP3_CARD }).isChecked()).resolves.toBe(true);
      }
      await screenshot(page, 'wizard-3b-choose-srv');
      await choose(page, 'pop3');

      // Found through DNS, pointing outside srv.test: the user confirms before going on.
      await page.getByRole('heading', { name: 'Server settings' }).waitFor();
      await expect(page.getByText('Please check these settings.').count()).resolves.toBe(1);
      await expect(page.getByRole('button', { name: 'Confirm these settings first' }).isDisabled()).resolves.toBe(true);
      await expect(page.getByLabel('Server', { exact: true }).inputValue()).resolves.toBe('localhost');
      await page.getByRole('status').filter({ hasText: 'A POP3 server answers at localhost, encrypted.' }).waitFor();
      await screenshot(page, 'wizard-5-servers-unverified');
      await page.getByLabel('I checked: these are my provider’s servers').check();
      await next(page);

      await signInTrusting(page, PASSWORD);
      // "dana@srv.test" is refused, "dana" is accepted: both forms came from discovery.
      await waitAdded(page);
      expect(savedAccounts(s.dataDir)[0]?.incoming).toMatchObject({ host: 'localhost', username: 'dana', port: dovecot.ports.pop3s });
    });
  });

  it.skipIf(!IMAP_READY)('IMAP from the autoconfig server: recommended for other devices, certificate trusted, added', async () => {
    await withWizard(browser, discoveryFor(), async (s) => {
      const { page } = s;
      await fillIdentity(page, 'dana@autoconfig.test');
      await findSettings(page);
      await page.getByRole('radio', { name: 'Yes, on other devices too' }).check();
      await expect(page.getByRole('radio', { name: IMAP_CARD }).isChecked()).resolves.toBe(true);
      await expect(page.getByText('Recommended: your other devices will see the same mail.').count()).resolves.toBe(1);
      await screenshot(page, 'wizard-3c-choose-imap');
      // IMAP has no server-copy question: straight to signing in.
      await next(page);
      await signInTrusting(page, PASSWORD);
      await waitAdded(page);
      await expect(page.getByTestId('account-mode').textContent()).resolves.toMatch(/^IMAP — kept on the server/);
      expect(s.frames.filter((f) => f.includes(PASSWORD))).toEqual([]);
    });
  });

  it.skipIf(!IMAP_READY)('IMAP from SRV records: confirmed by the user, the second user name form accepted', async () => {
    await withWizard(browser, discoveryFor(), async (s) => {
      const { page } = s;
      await fillIdentity(page, 'dana@srv.test');
      await findSettings(page);
      await page.getByRole('radio', { name: 'I’m not sure' }).check();
      await expect(page.getByRole('radio', { name: IMAP_CARD }).isChecked()).resolves.toBe(true);
      await next(page);
      await page.getByRole('heading', { name: 'Server settings' }).waitFor();
      await page
        .getByRole('group', { name: 'Receiving mail (IMAP)' })
        .getByRole('status')
        .getByText('An IMAP server answers at localhost, encrypted.', { exact: false })
        .waitFor();
      await page.getByLabel('I checked: these are my provider’s servers').check();
      await next(page);
      await signInTrusting(page, PASSWORD);
      await waitAdded(page);
      expect(savedAccounts(s.dataDir)[0]).toMatchObject({
        mode: 'imap',
        incoming: { host: 'localhost', username: 'dana', port: dovecot.ports.imaps },
      });
    });
  });

  it('by hand: host not found, refused, no encryption — and explicit consent to go on without it', async () => {
    await withWizard(browser, discoveryFor(), async (s) => {
      const { page } = s;
      await fillIdentity(page, 'dana@slow.test');
      await page.getByRole('button', { name: 'Find my settings' }).click();
      const sources = page.getByRole('list', { name: 'Places Homing is asking' });
      await sources.getByText('Looking…').first().waitFor();
      await screenshot(page, 'wizard-2-discovering');
      await page.getByRole('button', { name: 'Stop and enter settings by hand' }).click();

      await page.getByRole('heading', { name: 'Where should your mail live?' }).waitFor();
      await choose(page, 'pop3');

      await page.getByRole('heading', { name: 'Server settings' }).waitFor();
      const server = page.getByLabel('Server', { exact: true });
      const incomingStatus = page.getByRole('group', { name: 'Receiving mail (POP3)' }).getByRole('status');
      const changeServers = () => page.getByRole('alert').getByRole('button', { name: 'Change server settings' }).click();
      await server.fill('nowhere.invalid');
      await incomingStatus.getByText('No server called “nowhere.invalid” can be found.').waitFor();
      await page.getByLabel('User name', { exact: true }).fill('dana');
      await screenshot(page, 'wizard-5b-servers-by-hand');
      await next(page);
      await signIn(page, PASSWORD);
      await page.getByRole('alert').getByText('The server name could not be found').waitFor();
      await screenshot(page, 'wizard-e1-host-not-found');

      await changeServers();
      await server.fill('127.0.0.1');
      await page.getByLabel('Port', { exact: true }).fill(String(closedPort));
      await incomingStatus.getByText(`127.0.0.1 refuses connections on port ${closedPort}.`).waitFor();
      await next(page);
      await signIn(page);
      await page.getByRole('alert').getByText('The server refused the connection').waitFor();
      await screenshot(page, 'wizard-e2-connection-refused');

      await changeServers();
      await page.getByLabel('Encryption', { exact: true }).selectOption('none');
      await page.getByLabel('Port', { exact: true }).fill(String(dovecot.ports.pop3));
      await incomingStatus.getByText(/this connection is not encrypted\. It offers encryption/).waitFor();
      await next(page);
      await signIn(page);
      await page.getByRole('alert').getByText('This server offers no encryption').waitFor();
      await expect(alertText(page)).resolves.toMatch(/readable by anyone on the way/);
      await screenshot(page, 'wizard-e3-no-encryption');

      // The user accepts the risk explicitly, in words that name it; only then is the account added.
      const consent = page
        .getByRole('alert')
        .getByLabel(
          'Send my password and mail to 127.0.0.1 without encryption anyway — I accept that others on the network could read them',
        );
      await consent.check();
      await page.getByRole('button', { name: 'Try again' }).click();
      await waitAdded(page);
      expect(savedAccounts(s.dataDir)[0]?.incoming).toMatchObject({
        security: 'none',
        allowCleartextPassword: true,
        port: dovecot.ports.pop3,
      });
      expect(s.frames.filter((f) => f.includes(PASSWORD))).toEqual([]);
    });
  });
});
