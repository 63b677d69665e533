import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { commands } from '../../electron/contract';
import { runHost } from '../../electron/host/run-host';
import { type DnsServer, startDnsServer } from '../helpers/dns-server';
import { type AutoconfigServer, clientConfigXml, startAutoconfigServer } from '../helpers/http-autoconfig';
import { type MailServer, startDovecot } from '../mailserver/dovecot';
import { generateMessages, seedMaildir } from '../mailserver/seed';
import { launchChromium, screenshot } from './helpers/browser';

/**
 * Account settings and removal, end to end. Needs the wizard's commands in the contract and the
 * panel reachable from the sidebar ("Settings for <account>"); skipped until both are wired.
 */
const WIRED = 'accounts:retest' in commands;
const PASSWORD = 'Settings-e2e-Passw0rd!';

let dovecot: MailServer;
let dns: DnsServer;
let web: AutoconfigServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let page: Page;
let app: Awaited<ReturnType<typeof runHost>>;
let dataDir: string;
const downloads = mkdtempSync(join(tmpdir(), 'homing-settings-downloads-'));

beforeAll(async () => {
  if (!WIRED) return;
  dovecot = await startDovecot({ users: [{ user: 'dana', password: PASSWORD }] });
  seedMaildir(dovecot, 'dana', generateMessages(6, { seed: 4 }), { mixedFlags: false });
  web = await startAutoconfigServer({ tlsNames: [] });
  web.setRoutes({
    ispdb: {
      'settings.test': clientConfigXml({
        id: 'settings.test',
        name: 'Settings Test Mail',
        servers: [{ type: 'pop3', host: '127.0.0.1', port: dovecot.ports.pop3s, socketType: 'SSL', username: '%EMAILLOCALPART%' }],
      }),
    },
  });
  dns = await startDnsServer({ a: { 'ispdb.homing.test': '127.0.0.1' } });
  dataDir = mkdtempSync(join(tmpdir(), 'homing-settings-e2e-'));
  app = await runHost({
    dataDir,
    build: false,
    schedule: false,
    discovery: {
      ispdbBaseUrl: web.ispdbHttpsUrl,
      resolverServers: dns.servers,
      extraCa: web.caPem,
      httpPorts: { http: web.httpPort, https: web.httpsPort },
    },
  } as Parameters<typeof runHost>[0]);
  chromium = await launchChromium();
  browser = chromium.browser;
  page = await (await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true })).newPage();
});

afterAll(async () => {
  await chromium?.close();
  await app?.close();
  await dns?.stop();
  await web?.stop();
  await dovecot?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  rmSync(downloads, { recursive: true, force: true });
});

const savedAccount = () =>
  (
    JSON.parse(readFileSync(join(dataDir, 'accounts.json'), 'utf8')) as {
      accounts: { pop3: { policy: { kind: string }; checkIntervalMinutes: number }; incoming: { port: number; security: string } }[];
    }
  ).accounts[0];

describe.skipIf(!WIRED)('account settings and removal in Chromium', () => {
  it('adds a POP3 account that deletes the server copy after download — one explicit click', async () => {
    await page.goto(app.host.url);
    await page.getByLabel('Your name').fill('Dana');
    await page.getByLabel('Email address').fill('dana@settings.test');
    await page.getByRole('button', { name: 'Find my settings' }).click();
    await page.getByRole('radio', { name: 'No, only on this computer' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('radio', { name: /Delete from the server after download/ }).check();
    await expect(page.getByText(/This computer then holds the only copy/).count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in and add account' }).click();
    await page.getByLabel('Trust this one certificate for this account only').check();
    await page.getByRole('button', { name: 'Sign in and add account' }).click();
    const list = page.getByRole('listbox', { name: 'Messages' });
    await expect.poll(() => list.getAttribute('aria-rowcount'), { timeout: 30_000 }).toBe('6');
    // The server's copies go only after the store committed them (invariant 1).
    await expect
      .poll(() => ['new', 'cur'].flatMap((d) => readdirSync(join(dovecot.maildir('dana'), d))).length, { timeout: 30_000 })
      .toBe(0);
  });

  it('edits the policy and check interval, re-tested with the saved password', async () => {
    await page.getByRole('button', { name: 'Settings for Dana' }).click();
    await page.getByRole('heading', { name: 'Settings for Dana' }).waitFor();
    await page.getByRole('radio', { name: 'Keep on the server forever' }).check();
    await page.getByLabel('Check for new mail every (minutes)').fill('30');
    await screenshot(page, 'settings-1-panel');
    await page.getByRole('button', { name: 'Test and save' }).click();
    await page.getByText('Saved. The settings were tested and work.').waitFor();
    expect(savedAccount()?.pop3).toMatchObject({ policy: { kind: 'keep-forever' }, checkIntervalMinutes: 30 });
  });

  it('asks for the password again before using it with a changed server', async () => {
    await page.getByLabel('Encryption', { exact: true }).selectOption('starttls');
    await page.getByLabel('Port', { exact: true }).fill(String(dovecot.ports.pop3));
    await page.getByText(/You changed the server, so type the password again/).waitFor();
    await page
      .getByRole('group', { name: 'Receiving mail (POP3)' })
      .getByRole('status')
      .getByText(/A POP3 server answers at 127\.0\.0\.1, encrypted/)
      .waitFor();
    await page.getByRole('button', { name: 'Test and save' }).click();
    await page.getByRole('alert').waitFor();
    expect(savedAccount()?.incoming.port).toBe(dovecot.ports.pop3s);
    await page.getByLabel('New password (leave empty to keep the saved one)').fill(PASSWORD);
    await page.getByRole('button', { name: 'Test and save' }).click();
    // A different server: the trusted certificate was for the old one, so it is asked again.
    await page.getByLabel('Trust this one certificate for this account only').check();
    await page.getByRole('button', { name: 'Test and save' }).click();
    await page.getByText('Saved. The settings were tested and work.').waitFor();
    expect(savedAccount()?.incoming).toMatchObject({ port: dovecot.ports.pop3, security: 'starttls' });
  });

  it('removes the account only after the mail that exists only here is saved to a file', async () => {
    await page.getByRole('button', { name: 'Remove account…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove Dana?' });
    await dialog.getByText('6 messages of this account exist only on this computer.').waitFor();
    await screenshot(page, 'settings-2-remove');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Save them to a file' }).click(),
    ]);
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const mbox = readFileSync(file, 'latin1');
    expect(mbox.match(/^From /gm)).toHaveLength(6);
    const remove = dialog.getByRole('button', { name: 'Remove account' });
    await expect(remove.isDisabled()).resolves.toBe(true);
    await dialog.getByRole('checkbox', { name: 'I have checked that the file is saved' }).check();
    await remove.click();
    await page.getByRole('heading', { name: 'Add a mail account' }).waitFor();
    expect(readdirSync(join(dataDir, 'secrets'))).toEqual([]);
  });
});
