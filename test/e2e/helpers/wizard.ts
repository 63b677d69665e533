import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import type { Account } from '../../../electron/contract';
import type { DiscoveryOptions } from '../../../electron/engine/accounts/autoconfig/discovery-config';
import { runHost } from '../../../electron/host/run-host';

/**
 * The setup wizard's steps as a person does them, shared by the wizard's end-to-end tests so each
 * test reads as its story: what the user types, what the screen must say.
 */

export interface WizardSession {
  page: Page;
  /** Every WebSocket frame the engine sent the page, to prove the password never travels back. */
  frames: string[];
  dataDir: string;
  close(): Promise<void>;
}

/** The browser host exactly as the app runs it, with discovery pointed at local DNS and HTTP servers. */
export const openWizard = async (browser: Browser, discovery: DiscoveryOptions): Promise<WizardSession> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'homing-wizard-e2e-'));
  const running = await runHost({ dataDir, build: false, schedule: false, discovery });
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const frames: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'))),
  );
  await page.goto(running.host.url);
  await page.getByRole('heading', { name: 'Add a mail account' }).waitFor();
  return {
    page,
    frames,
    dataDir,
    close: async () => {
      await context.close();
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

/** Runs `story` in a fresh wizard and always closes it. */
export const withWizard = async (browser: Browser, discovery: DiscoveryOptions, story: (s: WizardSession) => Promise<void>) => {
  const s = await openWizard(browser, discovery);
  try {
    await story(s);
  } finally {
    await s.close();
  }
};

/** First page: name and address (and, optionally, the password already). */
export const fillIdentity = async (page: Page, email: string, password?: string) => {
  await page.getByLabel('Your name').fill('Dana');
  await page.getByLabel('Email address').fill(email);
  if (password) await page.getByLabel(/^Password/).fill(password);
};

/**
 * The whole page as a person scrolls through it, into $HOMING_SCREENSHOTS when set (the result
 * boxes of the sign-in page sit below the fold of a viewport-sized picture).
 */
export const screenshot = async (page: Page, name: string): Promise<void> => {
  const dir = process.env.HOMING_SCREENSHOTS;
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
};

/** "Find my settings", then wait for the choice between keeping mail on the server and downloading it. */
export const findSettings = async (page: Page, shot?: string) => {
  if (shot) await screenshot(page, shot);
  await page.getByRole('button', { name: 'Find my settings' }).click();
  await page.getByRole('heading', { name: 'Where should your mail live?' }).waitFor();
};

export const IMAP_CARD = /Keep my mail on the server/;
export const POP3_CARD = /Download my mail to this computer/;

/** Picks where the mail lives and goes on (for POP3, also past the server-copy question). */
export const choose = async (page: Page, mode: 'imap' | 'pop3') => {
  await page.getByRole('radio', { name: mode === 'imap' ? IMAP_CARD : POP3_CARD }).check();
  await next(page);
  if (mode === 'pop3') {
    await page.getByRole('heading', { name: 'What should happen to the server’s copy?' }).waitFor();
    await next(page);
  }
};

export const next = (page: Page) => page.getByRole('button', { name: 'Continue' }).click();

/** Types the password on the "Sign in" page and signs in. */
export const signIn = async (page: Page, password?: string) => {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  if (password !== undefined) await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in and add account' }).click();
};

/** The result box of one server: "Receiving mail (IMAP)", "Receiving mail (POP3)" or "Sending mail (SMTP)". */
export const resultBox = (page: Page, role: 'incoming' | 'smtp') =>
  page.getByRole('alert').filter({ hasText: role === 'smtp' ? 'Sending mail (SMTP)' : /Receiving mail \((IMAP|POP3)\)/ });

/** Ticks "trust this certificate" in one server's box (the label names an expiry when there is one). */
export const trustCertificate = (page: Page, role: 'incoming' | 'smtp' = 'incoming') =>
  resultBox(page, role)
    .getByLabel(/^Trust this (one )?certificate for this account only/)
    .check();

/** Signs in, trusts the (self-signed test) certificate the receiving server shows, and signs in again. */
export const signInTrusting = async (page: Page, password: string) => {
  await signIn(page, password);
  await trustCertificate(page);
  await signIn(page);
};

/** What the engine saved, read from its data directory as the app would read it at the next start. */
export const savedAccounts = (dataDir: string): Account[] =>
  (JSON.parse(readFileSync(join(dataDir, 'accounts.json'), 'utf8')) as { accounts: Account[] }).accounts;

/** The account was added: the mail window shows it. */
export const waitAdded = (page: Page) => page.getByTestId('account-mode').waitFor();

export const alertText = async (page: Page) => (await page.getByRole('alert').textContent()) ?? '';
