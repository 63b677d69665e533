import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DiscoveryOptions } from '../../electron/engine/accounts/autoconfig/discovery-config';
import { type DnsServer, startDnsServer } from '../helpers/dns-server';
import { type AutoconfigServer, clientConfigXml, startAutoconfigServer } from '../helpers/http-autoconfig';
import { type MailServer, startDovecot } from '../mailserver/dovecot';
import { pickFreePorts } from '../mailserver/net-util';
import { type SmtpServer, startPostfix } from '../mailserver/postfix';
import { generateMessages, seedMaildir } from '../mailserver/seed';
import { makeCert } from '../mailserver/tls-cert';
import { launchChromium } from './helpers/browser';
import {
  choose,
  fillIdentity,
  findSettings,
  IMAP_CARD,
  next,
  resultBox,
  savedAccounts,
  screenshot,
  signIn,
  trustCertificate,
  waitAdded,
  withWizard,
} from './helpers/wizard';

/**
 * The sign-in failures a person must be able to tell apart, each from a real server: the sending
 * server's own failures next to the receiving server's result, a provider asking for an app
 * password, a server that never answers, an expired certificate — and the mailbox size shown
 * before the user chooses where the mail lives.
 */

const PASSWORD = 'Errors-e2e-Passw0rd!';
const REFUSAL = 'Application-specific password required';
const SIGN_IN_SECONDS = 3;

let dovecot: MailServer;
let expired: MailServer;
let expiredDir: string;
let smtp: SmtpServer;
let dns: DnsServer;
let web: AutoconfigServer;
let silent: Server;
const silentSockets: Socket[] = [];
let silentPort: number;
let closedPort: number;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;

beforeAll(async () => {
  dovecot = await startDovecot({
    users: [
      { user: 'dana', password: PASSWORD },
      // The sending server is asked as "dana@send.test", whose password is not the one typed in the wizard.
      { user: 'dana@send.test', password: 'only-for-sending' },
      { user: 'erin', password: PASSWORD, refusal: REFUSAL },
      { user: 'frank', password: PASSWORD, noQuota: true },
    ],
  });
  seedMaildir(dovecot, 'dana', generateMessages(4, { seed: 3 }), { mixedFlags: false });
  // Postfix asks the same user list (its SASL goes through Dovecot) and uses the same certificate.
  smtp = await startPostfix(dovecot);

  // A second Dovecot whose certificate expired on 1 January 2021 (made before it starts, so it keeps it).
  expiredDir = mkdtempSync(join(tmpdir(), 'homing-expired-'));
  await makeCert(join(expiredDir, 'tls'), {
    subject: '/CN=mail.expired.test',
    altNames: ['IP:127.0.0.1', 'DNS:localhost'],
    validity: { from: new Date('2020-01-01T00:00:00Z'), to: new Date('2021-01-01T00:00:00Z') },
  });
  expired = await startDovecot({ dir: expiredDir, users: [{ user: 'dana', password: PASSWORD }] });

  // Accepts connections and never says a word: no greeting, no TLS handshake.
  silent = createServer((socket) => {
    silentSockets.push(socket);
    socket.on('error', () => undefined);
  });
  silentPort = await new Promise<number>((resolve) =>
    silent.listen(0, '127.0.0.1', () => resolve((silent.address() as { port: number }).port)),
  );
  [closedPort] = (await pickFreePorts(1)) as [number];

  const imap = (port: number) => ({
    type: 'imap' as const,
    host: '127.0.0.1',
    port,
    socketType: 'SSL' as const,
    username: '%EMAILLOCALPART%',
  });
  web = await startAutoconfigServer({ tlsNames: [] });
  web.setRoutes({
    ispdb: {
      'send.test': clientConfigXml({
        id: 'send.test',
        name: 'Send Test Mail',
        servers: [
          imap(dovecot.ports.imaps),
          { type: 'smtp', host: '127.0.0.1', port: smtp.ports.submission, socketType: 'STARTTLS', username: '%EMAILADDRESS%' },
        ],
      }),
      'apppassword.test': clientConfigXml({ id: 'apppassword.test', name: 'App Password Mail', servers: [imap(dovecot.ports.imaps)] }),
      'silent.test': clientConfigXml({ id: 'silent.test', name: 'Silent Mail', servers: [imap(silentPort)] }),
      'expired.test': clientConfigXml({ id: 'expired.test', name: 'Expired Mail', servers: [imap(expired.ports.imaps)] }),
      'nolimit.test': clientConfigXml({ id: 'nolimit.test', name: 'No Limit Mail', servers: [imap(dovecot.ports.imaps)] }),
    },
  });
  dns = await startDnsServer({ a: { 'ispdb.homing.test': '127.0.0.1' } });
  chromium = await launchChromium();
  browser = chromium.browser;
});

afterAll(async () => {
  await chromium?.close();
  for (const socket of silentSockets) socket.destroy();
  await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
  await dns?.stop();
  await web?.stop();
  await smtp?.close();
  await expired?.stop();
  if (expiredDir) rmSync(expiredDir, { recursive: true, force: true });
  await dovecot?.stop();
});

const discovery = (extraCa = web.caPem): DiscoveryOptions => ({
  ispdbBaseUrl: web.ispdbHttpsUrl,
  resolverServers: dns.servers,
  httpPorts: { http: web.httpPort, https: web.httpsPort },
  extraCa,
  guessPorts: {
    imap: { tls: closedPort, starttls: closedPort },
    pop3: { tls: closedPort, starttls: closedPort },
    smtp: { tls: closedPort, starttls: closedPort },
  },
  timeouts: { httpMs: 30_000, dnsMs: 1_000, probeMs: 2_000, guessMs: 4_000, signInMs: SIGN_IN_SECONDS * 1000 },
});

const receivingOk = (page: Page) => page.getByText('Receiving mail (IMAP): signed in to 127.0.0.1.').waitFor();
const sendingServer = (page: Page) => page.getByLabel('Sending server', { exact: true });
const changeServers = (page: Page) => resultBox(page, 'smtp').getByRole('button', { name: 'Change server settings' }).click();

describe('sign-in failures in the wizard, each told apart (Chromium, real Dovecot and Postfix)', () => {
  it("the sending server's certificate, wrong password, unknown name and refused port: shown next to the receiving server's result", async () => {
    await withWizard(browser, discovery(), async (s) => {
      const { page } = s;
      await fillIdentity(page, 'dana@send.test');
      await findSettings(page);
      await choose(page, 'imap');
      await signIn(page, PASSWORD);

      // Both servers show the same self-signed certificate: each is asked about on its own.
      await resultBox(page, 'incoming').getByText('This computer does not trust the server’s certificate').waitFor();
      await resultBox(page, 'smtp').getByText('This computer does not trust the server’s certificate').waitFor();
      await expect(resultBox(page, 'smtp').textContent()).resolves.toContain(smtp.certFingerprint256);
      await screenshot(page, 'wizard-e4-both-certificates');
      await trustCertificate(page, 'incoming');
      await trustCertificate(page, 'smtp');
      await page.getByRole('button', { name: 'Try again' }).click();

      // Receiving works; sending refuses "dana@send.test" with this password. Not added.
      await receivingOk(page);
      const sending = resultBox(page, 'smtp');
      await sending.getByText('The sending server did not accept the password').waitFor();
      await expect(sending.textContent()).resolves.toMatch(/“dana@send\.test”.*for sending mail, although receiving may work/);
      await expect(page.getByRole('alert').count()).resolves.toBe(1);
      await expect(page.getByTestId('account-mode').count()).resolves.toBe(0);
      await screenshot(page, 'wizard-e5-smtp-wrong-password');

      // A sending server that does not exist.
      await changeServers(page);
      await page.getByRole('heading', { name: 'Server settings' }).waitFor();
      await sendingServer(page).fill('nowhere.invalid');
      await next(page);
      await signIn(page);
      await receivingOk(page);
      await resultBox(page, 'smtp').getByText('The sending server’s name could not be found').waitFor();
      await expect(resultBox(page, 'smtp').textContent()).resolves.toContain('no sending server called “nowhere.invalid”');
      await screenshot(page, 'wizard-e6-smtp-host-not-found');

      // A sending server that refuses the port.
      await changeServers(page);
      await sendingServer(page).fill('127.0.0.1');
      await page.getByLabel('Sending server port', { exact: true }).fill(String(closedPort));
      await next(page);
      await signIn(page);
      await receivingOk(page);
      await resultBox(page, 'smtp').getByText('The sending server refused the connection').waitFor();

      // The fix: the right port and the user name the sending server knows; its certificate is asked about again.
      await changeServers(page);
      await page.getByLabel('Sending server port', { exact: true }).fill(String(smtp.ports.submission));
      await page.getByLabel('Sending server user name', { exact: true }).fill('dana');
      await next(page);
      await signIn(page);
      await trustCertificate(page, 'smtp');
      await page.getByRole('button', { name: 'Try again' }).click();
      await waitAdded(page);
      expect(savedAccounts(s.dataDir)[0]?.smtp).toMatchObject({
        username: 'dana',
        port: smtp.ports.submission,
        trustedFingerprint256: smtp.certFingerprint256,
      });
      expect(s.frames.filter((f) => f.includes(PASSWORD))).toEqual([]);
    });
  });

  it('a provider that asks for an app password: said plainly, with the server’s own words', async () => {
    await withWizard(browser, discovery(), async (s) => {
      const { page } = s;
      await fillIdentity(page, 'erin@apppassword.test');
      await findSettings(page);
      await choose(page, 'imap');
      await signIn(page, PASSWORD);
      await trustCertificate(page);
      await page.getByRole('button', { name: 'Try again' }).click();
      const box = resultBox(page, 'incoming');
      await box.getByText('This account needs an app password').waitFor();
      await expect(box.textContent()).resolves.toContain(`127.0.0.1 said: “${REFUSAL}”`);
      await screenshot(page, 'wizard-e7-app-password');
    });
  });

  it(`a server that accepts the connection and never answers: "did not answer within ${SIGN_IN_SECONDS} seconds"`, async () => {
    await withWizard(browser, discovery(), async (s) => {
      const { page } = s;
      await fillIdentity(page, 'dana@silent.test');
      await findSettings(page);
      await choose(page, 'imap');
      const started = Date.now();
      await signIn(page, PASSWORD);
      const box = resultBox(page, 'incoming');
      await box.getByText('The server did not answer in time').waitFor({ timeout: 30_000 });
      expect(Date.now() - started).toBeLessThan(20_000);
      await expect(box.textContent()).resolves.toContain(`127.0.0.1 (port ${silentPort}) did not answer within ${SIGN_IN_SECONDS} seconds`);
      await screenshot(page, 'wizard-e8-timeout');
    });
  });

  it('an expired certificate: subject, issuer, "EXPIRED on" and fingerprint; trusting it names the expiry', async () => {
    await withWizard(browser, discovery(), async (s) => {
      const { page } = s;
      await fillIdentity(page, 'dana@expired.test');
      await findSettings(page);
      await choose(page, 'imap');
      await signIn(page, PASSWORD);
      const box = resultBox(page, 'incoming');
      await box.getByText('The server’s certificate has expired').waitFor();
      const text = (await box.textContent()) ?? '';
      expect(text).toContain('Issued toCN=mail.expired.test');
      expect(text).toContain('Issued byCN=mail.expired.test');
      expect(text).toContain('from 1 January 2020 until 1 January 2021 — EXPIRED on 1 January 2021');
      expect(text).toContain(expired.certFingerprint256);
      // The only way to trust it is a consent that says it expired.
      await expect(box.getByLabel('Trust this one certificate for this account only').count()).resolves.toBe(0);
      await box.getByLabel('Trust this certificate for this account only, although it expired on 1 January 2021').check();
      await screenshot(page, 'wizard-e9-expired-certificate');
      await page.getByRole('button', { name: 'Try again' }).click();
      await waitAdded(page);
      expect(savedAccounts(s.dataDir)[0]?.incoming).toMatchObject({
        port: expired.ports.imaps,
        trustedFingerprint256: expired.certFingerprint256,
      });
    });
  });

  it("the choice screen states the IMAP server's mailbox size, read with the password typed on the first page", async () => {
    // This host trusts the test Dovecot's certificate, as a real provider's would be.
    await withWizard(browser, discovery(`${web.caPem}\n${dovecot.caCertPem}`), async (s) => {
      const { page } = s;
      await fillIdentity(page, 'dana@send.test', PASSWORD);
      await findSettings(page);
      const quota = page.getByRole('radiogroup', { name: 'Where your mail lives' }).getByRole('status');
      await quota.getByText(/^Your server gives you 1 GB; \d+ KB used\.$/).waitFor();
      await page.getByRole('radio', { name: 'Yes, on other devices too' }).check();
      await expect(page.getByRole('radio', { name: IMAP_CARD }).isChecked()).resolves.toBe(true);
      await screenshot(page, 'wizard-3d-choose-quota');
      await next(page);
      // The password typed on the first page is already there.
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await expect(page.getByLabel('Password', { exact: true }).inputValue()).resolves.toBe(PASSWORD);
      expect(s.frames.filter((f) => f.includes(PASSWORD))).toEqual([]);
    });
  });

  it('a server that sets no limit: the choice screen says the provider reports none', async () => {
    await withWizard(browser, discovery(`${web.caPem}\n${dovecot.caCertPem}`), async (s) => {
      const { page } = s;
      await fillIdentity(page, 'frank@nolimit.test', PASSWORD);
      await findSettings(page);
      const quota = page.getByRole('radiogroup', { name: 'Where your mail lives' }).getByRole('status');
      await quota.getByText('Your provider does not report a size limit for this mailbox.').waitFor();
      await screenshot(page, 'wizard-3e-choose-no-limit');
    });
  });
});
