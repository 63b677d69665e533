import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type MailServer, startDovecot } from '../mailserver/dovecot';
import { generateMessages, seedMaildir } from '../mailserver/seed';
import { startApp } from './helpers/app';
import { launchChromium, screenshot } from './helpers/browser';
import { dumpStore } from './helpers/store-dump';

const PASSWORD = 'e2e-Secret-Passw0rd!';

/**
 * A word only in the body, well past the 200-character snippet the header row is indexed by, and
 * split by a quoted-printable soft line break: only the background body indexer can find it.
 */
const BODY_WORD = 'wallabyquill';
const BODY_WORD_MESSAGE = Buffer.from(
  'From: Pia Lind <pia@example.org>\r\nTo: dana@homing.test\r\nSubject: Trip notes\r\nMessage-ID: <trip-notes@example.org>\r\n' +
    'Date: Sat, 01 Jun 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n' +
    'Content-Transfer-Encoding: quoted-printable\r\n\r\n' +
    `${'We walked along the river for hours and talked about nothing in particular. '.repeat(6)}\r\n` +
    'At the end we saw a wallaby=\r\nquill near the old bridge.\r\n',
);

let server: MailServer;
let app: Awaited<ReturnType<typeof startApp>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
let originals: Buffer[] = [];

beforeAll(async () => {
  server = await startDovecot({ users: [{ user: 'dana', password: PASSWORD }] });
  originals = [...generateMessages(24, { seed: 5 }), BODY_WORD_MESSAGE];
  seedMaildir(server, 'dana', originals, { mixedFlags: false });
  app = await startApp();
  chromium = await launchChromium();
  browser = chromium.browser;
  page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
});

afterAll(async () => {
  await chromium?.close();
  await app?.close();
  await server?.stop();
});

describe('Homing in Chromium through the browser host', () => {
  it('adds a POP3 account, trusting the server certificate explicitly, and shows where the mail lives', async () => {
    await page.goto(app.host.url);
    await page.getByRole('heading', { name: 'Add a mail account' }).waitFor();
    await page.getByLabel('Your name').fill('Dana');
    await page.getByLabel('Email address').fill('dana@homing.test');
    await page.getByRole('button', { name: 'Enter settings by hand' }).click();
    await page.getByRole('radio', { name: /Download my mail to this computer/ }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    // Thunderbird's default, preselected; the consequence is spelled out next to it.
    await expect(page.getByRole('radio', { name: /Keep a copy on the server for 14 days/ }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Server', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill(String(server.ports.pop3s));
    await page.getByLabel('User name', { exact: true }).fill('dana');
    await screenshot(page, 'setup-pop3');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in and add account' }).click();

    const alert = page.getByRole('alert');
    await alert.getByText('This computer does not trust the server’s certificate').waitFor();
    await expect(alert.textContent()).resolves.toContain(server.certFingerprint256);
    await screenshot(page, 'setup-untrusted-certificate');
    await page.getByLabel('Trust this one certificate for this account only').check();
    await page.getByRole('button', { name: 'Sign in and add account' }).click();

    await page.getByTestId('account-mode').waitFor();
    await expect(page.getByTestId('account-mode').textContent()).resolves.toBe(
      'POP3 — downloaded to this computer · server copy kept 14 days after download',
    );
  });

  it('downloads the mailbox into the Dexie store through the engine, and reads a message', async () => {
    const list = page.getByRole('listbox', { name: 'Messages' });
    await expect.poll(() => list.getAttribute('aria-rowcount'), { timeout: 30_000 }).toBe('25');
    await expect.poll(() => page.getByRole('button', { name: /Inbox, 25 unread/ }).count()).toBe(1);

    const first = list.getByRole('option').first();
    const label = (await first.getAttribute('aria-label')) ?? '';
    await first.click();
    const reader = page.getByRole('article', { name: 'Message' });
    await reader.getByRole('heading').waitFor();
    await expect(reader.getByLabel('Where this message lives').textContent()).resolves.toMatch(
      /On server and here.*A copy is on this computer and on the server until/,
    );
    // Opening marks it read, through the engine and back into the store.
    await expect.poll(() => page.getByRole('button', { name: /Inbox, 24 unread/ }).count()).toBe(1);
    expect(label).toMatch(/^Unread, /);
    await screenshot(page, 'mail-window-pop3');

    // The sources went to segment files in the page's Origin Private File System, byte for byte;
    // each message row says where its source is, and no source is kept inline.
    const stored = await page.evaluate(async () => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const open = indexedDB.open('homing');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const all = <T>(store: string): Promise<T[]> =>
        new Promise((resolve) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result as T[]);
        });
      const rows = await all<{ sourceSegment?: number; sourceAt?: number; sourceBytes: number }>('messages');
      const inline = (await all('sources')).length;
      db.close();
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('homing-sources');
      const texts = await Promise.all(
        rows.map(async (row) => {
          if (row.sourceSegment === undefined || row.sourceAt === undefined) return null;
          const file = await (await dir.getFileHandle(`${row.sourceSegment}.seg`)).getFile();
          const bytes = new Uint8Array(await file.slice(row.sourceAt, row.sourceAt + row.sourceBytes).arrayBuffer());
          return Array.from(bytes, (b) => String.fromCharCode(b)).join('');
        }),
      );
      return { inline, texts };
    });
    expect(stored.inline).toBe(0);
    expect(stored.texts.sort()).toEqual(originals.map((b) => b.toString('latin1')).sort());

    // The server still has every message: the policy keeps copies for 14 days.
    const files = ['new', 'cur'].flatMap((d) => readdirSync(join(server.maildir('dana'), d)));
    expect(files).toHaveLength(25);
  });

  it('finds a downloaded message by a word that is only in its body, once the background indexer has read it', async () => {
    const search = page.getByRole('searchbox', { name: 'Search mail' });
    await search.fill(BODY_WORD);
    await expect
      .poll(() => page.locator('.search-summary').first().textContent(), { timeout: 15_000 })
      .toBe('1 message found on this computer');
    const list = page.getByRole('listbox', { name: 'Messages' });
    await expect.poll(() => list.getByRole('option').first().getAttribute('aria-label')).toMatch(/Trip notes/);
    await search.fill('');
    await expect.poll(() => list.getAttribute('aria-rowcount')).toBe('25');
  });

  it('keeps the password out of the renderer store, the settings file and the log', async () => {
    const dump = await dumpStore(page);
    expect(dump).toContain('dana@homing.test');
    expect(dump).not.toContain(PASSWORD);
    expect(readFileSync(join(app.dataDir, 'accounts.json'), 'utf8')).not.toContain(PASSWORD);
    expect(readFileSync(join(app.dataDir, 'homing.log'), 'utf8')).not.toContain(PASSWORD);
    expect(consoleErrors.filter((e) => e.includes(PASSWORD))).toEqual([]);
  });
});
