import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runHost } from '../../electron/host/run-host';
import { folderMessages, imapClient, type Servers, startServers, withMessageId } from '../integration/smtp/helpers';
import { startApp } from './helpers/app';
import { launchChromium, screenshot } from './helpers/browser';

/**
 * Writing mail in Chromium through the browser host, against the project's Postfix and Dovecot:
 * compose with address completion, reply (the original gets \Answered on the server), and a draft
 * that survives closing the window and restarting the app; a second identity added in the settings
 * and used to send, with the message's size shown against the server's limit.
 */

const ALICE = { user: 'alice@homing.test', password: 'alice-password' };

let s: Servers;
let app: Awaited<ReturnType<typeof startApp>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let page: Page;

const list = () => page.getByRole('listbox', { name: 'Messages' });
/** Waits for the composer's closing notice, then dismisses it so the next step cannot see a stale one. */
const notice = async (text: string) => {
  const status = page.getByRole('status').filter({ hasText: text });
  await status.waitFor({ timeout: 30_000 });
  await status.getByRole('button', { name: 'Dismiss' }).click();
  await status.waitFor({ state: 'detached' });
};

beforeAll(async () => {
  s = await startServers();
  // Mail from Bob, so his address is in the store for completion and there is something to answer.
  await s.dovecot.deliver(
    ALICE.user,
    'From: Bob Bäcker <bob@homing.test>\r\nTo: alice@homing.test\r\nSubject: Mittagessen?\r\nMessage-ID: <lunch@homing.test>\r\nDate: Thu, 01 Jan 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nUm zwölf?\r\n',
  );
  app = await startApp({ schedule: true });
  const added = await app.engine.dispatch(
    'accounts:add',
    {
      settings: {
        name: 'Alice Ärger',
        email: ALICE.user,
        mode: 'imap',
        incoming: {
          host: '127.0.0.1',
          port: s.dovecot.ports.imaps,
          security: 'tls',
          username: ALICE.user,
          trustedFingerprint256: s.dovecot.certFingerprint256,
        },
        smtp: {
          host: '127.0.0.1',
          port: s.smtp.ports.submission,
          security: 'starttls',
          username: ALICE.user,
          trustedFingerprint256: s.smtp.certFingerprint256,
        },
        imap: { offline: { kind: 'everything' } },
      },
      password: ALICE.password,
    },
    { clientId: 'e2e-test' },
  );
  expect(added.ok).toBe(true);
  chromium = await launchChromium();
  browser = chromium.browser;
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await chromium?.close();
  await app?.close();
  await s?.close();
});

describe('writing mail in the app', () => {
  it('writes a new message with address completion and sends it', async () => {
    await page.goto(app.host.url);
    await list()
      .getByRole('option', { name: /Mittagessen/ })
      .waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Write a message' }).click();
    const composer = page.getByRole('dialog', { name: 'New message' });
    await composer.getByRole('combobox', { name: 'To' }).pressSequentially('Bob');
    await composer.getByRole('option', { name: 'Bob Bäcker <bob@homing.test>' }).click();
    await composer.getByLabel('Subject').fill('Grüße aus der Küche');
    const message = composer.getByLabel('Message');
    await message.fill('Bis gleich!\n');
    // The formatting bar marks the selected word; the message then also goes out as HTML.
    await message.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(4, 10));
    await composer.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Bold' }).click();
    await expect(message.inputValue()).resolves.toBe('Bis *gleich*!\n');
    await screenshot(page, 'compose-new');
    await composer.getByRole('button', { name: 'Send' }).click();
    await notice('Message sent.');
    await s.smtp.waitForEmptyQueue();
    const atBob = (await folderMessages(s, 'bob@homing.test', 'INBOX')).filter(
      (m) => m.source.toString().includes('Grüße aus der Küche') || m.source.toString().includes('=?UTF-8?Q?Gr=C3=BC=C3=9Fe'),
    );
    expect(atBob).toHaveLength(1);
    expect(atBob[0]!.source.toString()).toContain('To: =?UTF-8?Q?Bob_B=C3=A4cker?= <bob@homing.test>');
    const parsed = await simpleParser(atBob[0]!.source);
    expect(parsed.text?.trim()).toBe('Bis *gleich*!');
    expect(parsed.html).toContain('Bis <b>gleich</b>!');
  });

  it('replies to a message, and the original is marked answered on the server', async () => {
    await list()
      .getByRole('option', { name: /Mittagessen/ })
      .click();
    await page.getByRole('group', { name: 'Answer' }).getByRole('button', { name: 'Reply', exact: true }).click();
    const composer = page.getByRole('dialog', { name: 'Write: Re: Mittagessen?' });
    await expect(composer.getByRole('combobox', { name: 'To' }).inputValue()).resolves.toBe('Bob Bäcker <bob@homing.test>');
    await expect(composer.getByLabel('Message').inputValue()).resolves.toContain('> Um zwölf?');
    await composer.getByRole('button', { name: 'Send' }).click();
    await notice('Message sent.');
    const inbox = await folderMessages(s, ALICE.user, 'INBOX');
    expect(inbox.find((m) => m.source.toString().includes('<lunch@homing.test>'))?.flags.has('\\Answered')).toBe(true);
    expect(withMessageId(await folderMessages(s, ALICE.user, 'Sent'), '<lunch@homing.test>')).toBe(0);
    const sent = await folderMessages(s, ALICE.user, 'Sent');
    expect(sent.filter((m) => m.source.toString().includes('In-Reply-To: <lunch@homing.test>'))).toHaveLength(1);
  });

  it('adds a second identity in the settings, shows the size against the server’s limit, and sends from it', async () => {
    await page.getByRole('button', { name: 'Settings for Alice Ärger' }).click();
    await page.getByRole('heading', { name: 'Settings for Alice Ärger' }).waitFor();
    const writing = page.getByRole('region', { name: 'Writing mail' });
    await writing.getByRole('button', { name: 'Add an address to write from' }).click();
    const added = writing.getByRole('group', { name: 'Also writing as new address 1' });
    await added.getByLabel('Name').fill('Homing Support');
    await added.getByLabel('Email address').fill('support@homing.test');
    const support = writing.getByRole('group', { name: 'Also writing as support@homing.test' });
    await support.getByLabel('Signature').fill('Das Support-Team');
    await writing.scrollIntoViewIfNeeded();
    await screenshot(page, 'compose-settings-identities');
    await page.getByRole('button', { name: 'Test and save' }).click();
    await page.getByText('Saved. The settings were tested and work.').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Write a message' }).click();
    const composer = page.getByRole('dialog', { name: 'New message' });
    const from = composer.getByRole('combobox', { name: 'From' });
    // The account list reaches the window by event after the save: wait for the new identity in From.
    await from.locator('option', { hasText: 'Homing Support <support@homing.test>' }).waitFor({ state: 'attached', timeout: 30_000 });
    await expect(from.locator('option').allTextContents()).resolves.toEqual([
      'Alice Ärger <alice@homing.test>',
      'Homing Support <support@homing.test>',
    ]);
    await from.selectOption({ label: 'Homing Support <support@homing.test>' });
    await expect(composer.getByRole('textbox', { name: 'Message', exact: true }).inputValue()).resolves.toBe('\n\n-- \nDas Support-Team\n');
    await composer.getByRole('combobox', { name: 'To' }).fill('bob@homing.test');
    await composer.getByLabel('Subject').fill('Antwort vom Support');
    // Postfix's message_size_limit (10 MB in the test server), read with EHLO before any send.
    const size = composer.getByLabel('Size', { exact: true });
    await size.filter({ hasText: 'this server accepts' }).waitFor({ timeout: 30_000 });
    await expect(size.textContent()).resolves.toBe('1 KB of 10 MB this server accepts');
    await screenshot(page, 'compose-two-identities');
    await composer.getByRole('button', { name: 'Send' }).click();
    await notice('Message sent.');
    await s.smtp.waitForEmptyQueue();
    const atBob = (await folderMessages(s, 'bob@homing.test', 'INBOX')).find((m) => m.source.toString().includes('Antwort vom Support'));
    expect(atBob).toBeDefined();
    const parsed = await simpleParser(atBob!.source);
    expect(parsed.from?.value).toEqual([{ name: 'Homing Support', address: 'support@homing.test' }]);
    expect(parsed.text).toContain('-- \nDas Support-Team');
  });

  it('holds Send back with the reason when the attachments are over the server’s limit, before sending anything', async () => {
    await page.getByRole('button', { name: 'Write a message' }).click();
    const composer = page.getByRole('dialog', { name: 'New message' });
    await composer.getByRole('combobox', { name: 'To' }).fill('bob@homing.test');
    await composer.getByLabel('Subject').fill('Das Video');
    // 8 MB grow to about 10.8 MB in base64; the test Postfix accepts 10 MB.
    await composer
      .locator('input[type=file]')
      .setInputFiles({ name: 'video.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(8 * 1024 * 1024, 1) });
    const size = composer.getByLabel('Size', { exact: true });
    await size.filter({ hasText: 'but the server accepts at most 10 MB' }).waitFor({ timeout: 60_000 });
    await expect(size.textContent()).resolves.toMatch(
      /^This message is about 11 MB, but the server accepts at most 10 MB\. Remove attachments \(about \d+ KB too much\) or share large files another way\.$/,
    );
    const send = composer.getByRole('button', { name: 'Send' });
    await expect(send.isDisabled()).resolves.toBe(true);
    await screenshot(page, 'compose-too-large');
    await composer.getByRole('button', { name: 'Remove video.mp4' }).click();
    await size.filter({ hasText: 'this server accepts' }).waitFor();
    await expect(send.isDisabled()).resolves.toBe(false);
    await composer.getByRole('button', { name: 'Discard draft' }).click();
    await composer.waitFor({ state: 'detached' });
  });

  it('opens a draft another client saved in Drafts, and saving it replaces that copy', async () => {
    // Another mail client (on the user's laptop) saved a draft on the server.
    const other = await imapClient(s, ALICE.user);
    try {
      if (!(await other.list()).some((e) => e.path === 'Drafts')) await other.mailboxCreate('Drafts');
      await other.append(
        'Drafts',
        Buffer.from(
          'From: Alice Ärger <alice@homing.test>\r\nTo: Bob Bäcker <bob@homing.test>\r\nSubject: Vom Laptop\r\nMessage-ID: <laptop-draft@homing.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nAngefangen auf dem Laptop.\r\n',
        ),
        ['\\Draft', '\\Seen'],
      );
    } finally {
      await other.logout().catch(() => undefined);
    }
    await page.getByRole('button', { name: 'Check mail' }).click();
    await page.getByRole('list', { name: 'Alice Ärger folders' }).getByRole('button', { name: 'Drafts' }).click();
    await list()
      .getByRole('option', { name: /Vom Laptop/ })
      .click();
    await page.getByRole('group', { name: 'Answer' }).getByRole('button', { name: 'Edit draft' }).click();
    const composer = page.getByRole('dialog', { name: 'Write: Vom Laptop' });
    await expect(composer.getByRole('combobox', { name: 'To' }).inputValue()).resolves.toBe('Bob Bäcker <bob@homing.test>');
    const body = composer.getByRole('textbox', { name: 'Message', exact: true });
    await expect(body.inputValue()).resolves.toBe('Angefangen auf dem Laptop.\n');
    await body.press('End');
    await body.pressSequentially('Weiter hier.');
    await screenshot(page, 'compose-edit-draft');
    await composer.getByRole('button', { name: 'Close' }).click();
    await notice('Draft saved.');
    // Exactly one copy in Drafts: the other client's was replaced, not joined by a second.
    const drafts = (await folderMessages(s, ALICE.user, 'Drafts')).filter((m) => m.source.toString().includes('Vom Laptop'));
    expect(drafts).toHaveLength(1);
    expect((await simpleParser(drafts[0]!.source)).text).toContain('Weiter hier.');
  });

  it('keeps a closed draft across an app restart', async () => {
    await page.getByRole('button', { name: 'Write a message' }).click();
    const composer = page.getByRole('dialog', { name: 'New message' });
    await composer.getByLabel('Subject').fill('Unfertiger Gedanke');
    await composer.getByRole('button', { name: 'Close' }).click();
    await notice('Draft saved.');

    // Quit the app without deleting its data directory, and start it again on the same one.
    const dataDir = app.dataDir;
    await app.host.close();
    await app.engine.dispose();
    const again = await runHost({ dataDir, build: false, schedule: true });
    try {
      await page.goto(again.host.url);
      const resume = page.getByRole('region', { name: 'Unfinished drafts' }).getByRole('button', { name: 'Continue “Unfertiger Gedanke”' });
      await resume.waitFor({ timeout: 30_000 });
      await resume.click();
      await expect(page.getByRole('dialog', { name: 'Write: Unfertiger Gedanke' }).getByLabel('Subject').inputValue()).resolves.toBe(
        'Unfertiger Gedanke',
      );
    } finally {
      await again.close();
    }
  });
});
