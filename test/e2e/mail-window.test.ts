import { readFileSync } from 'node:fs';

import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readMboxrd } from '../../renderer/features/mail/export/mboxrd';
import { type MaildirFile, type MailServer, startDovecot } from '../mailserver/dovecot';
import { generateMessages, seedMaildir } from '../mailserver/seed';
import { startApp } from './helpers/app';
import { launchChromium, screenshot } from './helpers/browser';

/**
 * The mail window in Chromium through the browser host, against the project's Dovecot: two POP3
 * accounts, one keeping server copies (Mia) and one deleting them after download (Otto, whose
 * mail then exists only on this computer). Interaction tests: what the user does, and what
 * changed in the store or on disk as a result.
 */

const MIA = { user: 'mia', password: 'mia-Passw0rd!' };
const OTTO = { user: 'otto', password: 'otto-Passw0rd!' };
/** An IMAP account, added late: a long first sync, conversations, new mail, server search. */
const IVY = { user: 'ivy', password: 'ivy-Passw0rd!' };
const IVY_COUNT = 600;
const UNDO_WAIT = 7_000;

let mail: MailServer;
let miaOriginals: MaildirFile[];
let app: Awaited<ReturnType<typeof startApp>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let page: Page;

const addAccount = async (
  name: string,
  who: { user: string; password: string },
  policy: { kind: 'keep-days'; days: number } | { kind: 'delete-after-download' },
) => {
  const result = await app.engine.dispatch(
    'accounts:add',
    {
      settings: {
        name,
        email: `${who.user}@homing.test`,
        mode: 'pop3',
        incoming: {
          host: '127.0.0.1',
          port: mail.ports.pop3s,
          security: 'tls',
          username: who.user,
          trustedFingerprint256: mail.certFingerprint256,
        },
        pop3: { policy },
      },
      password: who.password,
    },
    { clientId: 'e2e-test' },
  );
  expect(result.ok).toBe(true);
};

const account = (name: string) => page.getByRole('navigation', { name: 'Accounts and folders' }).getByRole('region', { name });
const folderButton = (accountName: string, folder: string) =>
  account(accountName).getByRole('button', { name: new RegExp(`^${folder}(,|$)`) });
const list = () => page.getByRole('listbox', { name: 'Messages' });
const rows = () => list().getByRole('option');
const reader = () => page.getByRole('article', { name: 'Message' });
const toolbar = () => page.getByRole('toolbar', { name: 'Message actions' });
const rowCount = () => list().getAttribute('aria-rowcount');
const unreadOf = async (accountName: string, folder: string) => {
  const label = (await folderButton(accountName, folder).getAttribute('aria-label')) ?? '';
  return Number(/, (\d+) unread/.exec(label)?.[1] ?? 0);
};
/** The folder's total, from the list header after opening it. */
const openFolder = async (accountName: string, folder: string) => {
  await folderButton(accountName, folder).click();
  await page.getByRole('heading', { name: folder, level: 2 }).waitFor();
};
const selectedLabel = async (row: Locator) => (await row.getAttribute('aria-label')) ?? '';

beforeAll(async () => {
  mail = await startDovecot({ users: [MIA, OTTO, IVY] });
  seedMaildir(mail, IVY.user, generateMessages(IVY_COUNT, { seed: 21 }));
  miaOriginals = seedMaildir(mail, MIA.user, generateMessages(30, { seed: 11 }));
  seedMaildir(mail, OTTO.user, generateMessages(5, { seed: 12 }));
  app = await startApp();
  chromium = await launchChromium();
  browser = chromium.browser;
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await chromium?.close();
  await app?.close();
  await mail?.stop();
});

describe('the mail window (Chromium, browser host, Dovecot)', () => {
  it('shows both accounts, a unified Inbox with unread counts, and where each account’s mail lives', async () => {
    await page.goto(app.host.url);
    await addAccount('Mia', MIA, { kind: 'keep-days', days: 14 });
    await addAccount('Otto', OTTO, { kind: 'delete-after-download' });
    const unified = page.getByRole('button', { name: /^All inboxes/ });
    await expect.poll(() => unified.getAttribute('aria-label'), { timeout: 30_000 }).toBe('All inboxes, 35 unread');
    await unified.click();
    await expect.poll(rowCount, { timeout: 30_000 }).toBe('35');
    await expect(account('Mia').getByTestId('account-mode').textContent()).resolves.toBe(
      'POP3 — downloaded to this computer · server copy kept 14 days after download',
    );
    await expect.poll(() => account('Mia').locator('.kept-until').textContent()).toMatch(/^Oldest server copies \(30\) kept until /);
    await expect(account('Otto').getByTestId('account-mode').textContent()).resolves.toBe(
      'POP3 — downloaded to this computer · server copy deleted after download',
    );
    // Otto's server copies are gone once stored: every one of his messages now lives only here.
    await expect
      .poll(
        () =>
          list()
            .getByRole('option', { name: /Only on this computer$/ })
            .count(),
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    await screenshot(page, 'mail-window-unified');
  });

  it('exports a folder as mbox whose messages are byte-identical to the server’s originals', async () => {
    await openFolder('Mia', 'Inbox');
    await expect.poll(rowCount).toBe('30');
    const download = page.waitForEvent('download');
    await page.getByRole('group', { name: 'Inbox actions' }).getByRole('button', { name: 'Export .mbox' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^Mia - Inbox \d{4}-\d{2}-\d{2}\.mbox$/);
    const mbox = new Uint8Array(readFileSync((await file.path())!));
    const messages = readMboxrd(mbox);
    expect(messages).toHaveLength(30);
    // Oldest first, as written to the Maildir (generateMessages is in date order).
    messages.forEach((bytes, i) => expect(Buffer.from(bytes).equals(miaOriginals[i]!.bytes)).toBe(true));
  });

  it('reads a message, marks it read on opening, and unread again with u', async () => {
    const before = await unreadOf('Mia', 'Inbox');
    const first = rows().first();
    const label = await selectedLabel(first);
    expect(label).toMatch(/^Unread, /);
    await first.click();
    await reader().getByRole('heading', { level: 1 }).waitFor();
    await expect(reader().getByLabel('Where this message lives').textContent()).resolves.toMatch(/On server and here.*until/);
    await expect.poll(() => unreadOf('Mia', 'Inbox')).toBe(before - 1);
    await expect.poll(() => selectedLabel(rows().first())).not.toMatch(/^Unread/);
    await page.keyboard.press('u');
    await expect.poll(() => unreadOf('Mia', 'Inbox')).toBe(before);
    // Marking unread while the message is open sticks (it is not marked read again).
    await page.waitForTimeout(500);
    await expect(unreadOf('Mia', 'Inbox')).resolves.toBe(before);
    await toolbar().getByRole('button', { name: 'Mark read' }).click();
    await expect.poll(() => unreadOf('Mia', 'Inbox')).toBe(before - 1);
    await page.keyboard.press('s');
    await expect.poll(() => selectedLabel(rows().first())).toMatch(/^Flagged, /);
    await screenshot(page, 'mail-window-reading');
  });

  it('saves a message as .eml with exactly the stored bytes', async () => {
    const download = page.waitForEvent('download');
    await reader().getByRole('button', { name: 'Save as .eml' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.eml$/);
    const bytes = readFileSync((await file.path())!);
    // The first row is the newest message: the last one written.
    expect(bytes.equals(miaOriginals[29]!.bytes)).toBe(true);
  });

  it('moves to j/k, deletes with #, and Undo brings the message back', async () => {
    await rows().first().click();
    await page.keyboard.press('j');
    await expect.poll(() => rows().nth(1).getAttribute('aria-selected')).toBe('true');
    const id = (await rows().nth(1).getAttribute('data-id'))!;
    const target = list().locator(`[data-id="${id}"]`);
    await page.keyboard.press('#');
    const toast = page.getByRole('status', { name: 'Notifications' });
    await expect.poll(() => toast.textContent()).toContain('1 message moved to Trash');
    // The row is gone from view at once, and the next message is open.
    await expect.poll(() => target.isVisible()).toBe(false);
    // (A collapsed row is out of the accessibility tree, so the next visible row is nth(1).)
    await expect.poll(() => rows().nth(1).getAttribute('aria-selected')).toBe('true');
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => target.isVisible()).toBe(true);
    await page.waitForTimeout(UNDO_WAIT);
    await expect(rowCount()).resolves.toBe('30');

    // Without Undo, the deletion happens when the toast goes.
    await target.click();
    await toolbar().getByRole('button', { name: 'Delete' }).click();
    await page.waitForTimeout(UNDO_WAIT);
    await expect.poll(rowCount).toBe('29');
    await openFolder('Mia', 'Trash');
    await expect.poll(rowCount).toBe('1');
    await expect.poll(() => rows().first().getAttribute('data-id')).toBe(id);
    await openFolder('Mia', 'Inbox');
  });

  it('selects with click, shift-click and ctrl-click, archives with e, and moves by drag and drop', async () => {
    await rows().nth(0).click();
    await rows()
      .nth(3)
      .click({ modifiers: ['Shift'] });
    await rows()
      .nth(5)
      .click({ modifiers: ['Control'] });
    await expect(page.getByRole('status').filter({ hasText: 'messages selected' }).textContent()).resolves.toBe('5 messages selected.');
    await expect(list().locator('[aria-selected="true"]').count()).resolves.toBe(5);
    await page.keyboard.press('e');
    await expect.poll(() => page.getByRole('status', { name: 'Notifications' }).textContent()).toContain('5 messages archived');
    await page.waitForTimeout(UNDO_WAIT);
    await expect.poll(rowCount).toBe('24');
    await openFolder('Mia', 'Archive');
    await expect.poll(rowCount).toBe('5');
    await openFolder('Mia', 'Inbox');
    await expect.poll(rowCount).toBe('24');

    // A row shows its message once its page of the list is read: wait for it, not a placeholder.
    await expect.poll(() => rows().nth(2).getAttribute('data-id')).not.toBeNull();
    const dragged = await rows().nth(2).getAttribute('data-id');
    await rows().nth(2).dragTo(folderButton('Mia', 'Drafts'));
    await expect.poll(() => page.getByRole('status', { name: 'Notifications' }).textContent()).toContain('1 message moved to Drafts');
    await page.waitForTimeout(UNDO_WAIT);
    await expect.poll(rowCount).toBe('23');
    await openFolder('Mia', 'Drafts');
    await expect.poll(() => rows().first().getAttribute('data-id')).toBe(dragged);
  });

  it('warns before deleting the only copy of a message, and deletes it only when confirmed', async () => {
    await openFolder('Otto', 'Inbox');
    await expect.poll(rowCount).toBe('5');
    await rows().first().click();
    await expect(reader().getByLabel('Where this message lives').textContent()).resolves.toContain('exists only on this computer');
    await page.keyboard.press('Shift+Delete');
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.getByRole('heading').textContent()).resolves.toBe('This is the only copy of this message');
    await screenshot(page, 'mail-window-only-copy-warning');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForTimeout(UNDO_WAIT);
    await expect(rowCount()).resolves.toBe('5');

    await toolbar().getByRole('button', { name: 'Delete' }).click();
    // Not in the Trash yet: Delete moves it there, no question asked (it can come back).
    await expect(dialog.count()).resolves.toBe(0);
    await page.waitForTimeout(UNDO_WAIT);
    await openFolder('Otto', 'Trash');
    await expect.poll(rowCount).toBe('1');
    await page.getByRole('group', { name: 'Trash actions' }).getByRole('button', { name: 'Empty Trash' }).click();
    await expect(dialog.getByRole('heading').textContent()).resolves.toBe('This is the only copy of this message');
    await dialog.getByRole('button', { name: 'Delete the only copy' }).click();
    await page.waitForTimeout(UNDO_WAIT);
    await expect.poll(() => page.getByText('No messages in this folder.').count()).toBe(1);
  });

  it('shows a storage view with the messages that exist only here, and a warning', async () => {
    await account('Otto').getByRole('button', { name: 'Storage for Otto' }).click();
    const view = page.getByRole('article', { name: 'Storage for Otto' });
    await expect(view.getByRole('note').textContent()).resolves.toMatch(/4 messages \(.+\) exist only on this computer/);
    await screenshot(page, 'storage-view');
    await account('Mia').getByRole('button', { name: 'Storage for Mia' }).click();
    await page.getByRole('article', { name: 'Storage for Mia' }).waitFor();
    await screenshot(page, 'storage-view-mia');
    // The view re-reads its numbers for the new account; wait for them rather than race the switch.
    await expect.poll(() => page.getByRole('article', { name: 'Storage for Mia' }).getByRole('note').count()).toBe(0);
  });

  it('sorts a folder by sender, keeping that folder’s sort index from then on, and back by date', async () => {
    await openFolder('Mia', 'Inbox');
    const senders = async () =>
      (await rows().evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''))).map((label) =>
        label
          .split(', ')
          .filter((part) => part !== 'Unread' && part !== 'Flagged')[0]!
          .toLowerCase(),
      );
    await page.getByRole('button', { name: /^Sort by sender/ }).click();
    // The store keeps the index for this folder only (renderer/store/sort-keys.ts), read here with plain IndexedDB.
    const sortState = () =>
      page.evaluate(
        () =>
          new Promise<{ ready: string[]; indexed: number; total: number }>((resolve, reject) => {
            const open = indexedDB.open('homing');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction(['accounts', 'folders', 'folderSorts', 'messages']);
              const accounts = tx.objectStore('accounts').getAll();
              accounts.onsuccess = () => {
                const mia = (accounts.result as { id: string; name: string }[]).find((a) => a.name === 'Mia')!;
                const folderId = `${mia.id}/INBOX`;
                const sorts = tx.objectStore('folderSorts').get(folderId);
                const range = IDBKeyRange.bound([folderId], [folderId, []]);
                const indexed = tx.objectStore('messages').index('[folderId+fromSort]').count(range);
                const total = tx.objectStore('messages').index('[folderId+date]').count(range);
                tx.oncomplete = () => {
                  db.close();
                  resolve({
                    ready: (sorts.result as { ready: string[] } | undefined)?.ready ?? [],
                    indexed: indexed.result,
                    total: total.result,
                  });
                };
              };
            };
          }),
      );
    await expect.poll(async () => (await sortState()).ready).toEqual(['from']);
    const state = await sortState();
    expect(state.indexed).toBe(state.total);
    expect(state.total).toBeGreaterThan(10);
    await expect
      .poll(async () => {
        const names = await senders();
        return names.length > 5 && names.every((name, i) => i === 0 || names[i - 1]! <= name);
      })
      .toBe(true);
    await page.getByRole('button', { name: /^Sort by date/ }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sort by date, newest first' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('searches instantly across accounts and opens a result', async () => {
    await openFolder('Mia', 'Inbox');
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search mail');
    const subject = (await rows().first().locator('.subject').textContent()) ?? '';
    const word = subject.split(/\s+/).find((w) => /^[A-Za-z]{4,}$/.test(w))!;
    await page.keyboard.type(word.toLowerCase().slice(0, -1));
    await expect.poll(() => page.getByRole('heading', { name: 'Search results' }).count()).toBe(1);
    await expect.poll(() => page.locator('.search-summary').textContent()).toMatch(/\d+ messages? found on this computer/);
    const hits = Number(await rowCount());
    expect(hits).toBeGreaterThan(0);
    for (let i = 0; i < Math.min(hits, 5); i++) await expect(selectedLabel(rows().nth(i))).resolves.toMatch(new RegExp(word, 'i'));
    await rows().first().click();
    await reader().getByRole('heading', { level: 1 }).waitFor();
    await screenshot(page, 'mail-window-search');
    await page.getByRole('searchbox', { name: 'Search mail' }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('heading', { name: 'Inbox', level: 2 }).count()).toBe(1);
  });

  it('shows a labelled progress bar during a long first sync, then when mail was last checked, and no notification for old mail', async () => {
    await page.context().grantPermissions(['notifications'], { origin: new URL(app.host.url).origin });
    // Record what the page shows: every progress bar that appears (however briefly), and every
    // notification the app creates (headless Chromium has no notification centre to look at).
    await page.evaluate(() => {
      const w = window as unknown as { __bars: string[]; __notes: { title: string; body: string; note: Notification }[] };
      w.__bars = [];
      w.__notes = [];
      new MutationObserver(() => {
        for (const bar of document.querySelectorAll('progress'))
          w.__bars.push(`${bar.getAttribute('aria-label')}|${bar.getAttribute('aria-valuetext')}`);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
      const Real = window.Notification;
      window.Notification = class extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          w.__notes.push({ title, body: options?.body ?? '', note: this });
        }
      } as typeof Notification;
    });
    const added = await app.engine.dispatch(
      'accounts:add',
      {
        settings: {
          name: 'Ivy',
          email: 'ivy@homing.test',
          mode: 'imap',
          incoming: {
            host: '127.0.0.1',
            port: mail.ports.imaps,
            security: 'tls',
            username: IVY.user,
            trustedFingerprint256: mail.certFingerprint256,
          },
        },
        password: IVY.password,
      },
      { clientId: 'e2e-test' },
    );
    expect(added.ok).toBe(true);
    const status = () => account('Ivy').getByRole('status').textContent();
    await expect.poll(status, { timeout: 60_000 }).toMatch(/^Last checked \d{1,2}:\d{2}/);
    const bars = await page.evaluate(() => (window as unknown as { __bars: string[] }).__bars);
    expect(bars.length).toBeGreaterThan(0);
    expect(bars.every((b) => /^Syncing Ivy\|Downloading: [\d,]+ of 600$/.test(b))).toBe(true);
    // The bar is gone once the check is over.
    await expect(account('Ivy').getByRole('progressbar').count()).resolves.toBe(0);
    await page.waitForTimeout(2_500);
    await expect(page.evaluate(() => (window as unknown as { __notes: unknown[] }).__notes.length)).resolves.toBe(0);
    await openFolder('Ivy', 'Inbox');
    await expect.poll(rowCount, { timeout: 30_000 }).toBe(String(IVY_COUNT));
  });

  it('announces new mail once per check, in words that fit, opens it on click, and stays quiet when turned off', async () => {
    const notes = () =>
      page.evaluate(() =>
        (window as unknown as { __notes: { title: string; body: string }[] }).__notes.map(({ title, body }) => ({ title, body })),
      );
    const check = async () => {
      await account('Ivy').getByRole('button', { name: 'Check mail for Ivy' }).click();
      await expect.poll(() => account('Ivy').getByRole('status').textContent(), { timeout: 30_000 }).toMatch(/^Last checked/);
    };
    const letter = (n: number, subject: string, body: string) =>
      Buffer.from(
        `From: Nora Quill <nora@example.org>\r\nTo: ivy@homing.test\r\nSubject: ${subject}\r\nMessage-ID: <new-${n}@example.org>\r\n` +
          `Date: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
      );
    seedMaildir(mail, IVY.user, [letter(1, 'First news', 'one'), letter(2, 'Second news', 'two'), letter(3, 'Third news', 'three')]);
    await check();
    await expect.poll(notes, { timeout: 15_000 }).toEqual([{ title: '3 new messages in Ivy', body: 'From Nora Quill' }]);

    seedMaildir(mail, IVY.user, [letter(4, 'Tickets for Friday', 'See you there.')]);
    await check();
    await expect.poll(notes, { timeout: 15_000 }).toHaveLength(2);
    await expect(notes().then((n) => n[1])).resolves.toEqual({ title: 'Nora Quill', body: 'Tickets for Friday' });
    // Clicking it opens that message, whatever the window showed.
    await openFolder('Mia', 'Inbox');
    await page.evaluate(() => {
      const { note } = (window as unknown as { __notes: { note: Notification }[] }).__notes[1]!;
      note.onclick?.(new Event('click'));
    });
    await expect.poll(() => reader().getByRole('heading', { level: 1 }).textContent()).toBe('Tickets for Friday');
    await page.getByRole('heading', { name: 'Inbox', level: 2 }).waitFor();

    const setting = page.getByRole('checkbox', { name: 'Notify me of new mail' });
    await setting.uncheck();
    seedMaildir(mail, IVY.user, [letter(5, 'Quiet news', 'shh')]);
    await check();
    await page.waitForTimeout(2_500);
    await expect(notes()).resolves.toHaveLength(2);
    await setting.check();
  });

  it('groups a folder into conversations that expand with the keyboard, and remembers the choice', async () => {
    await openFolder('Ivy', 'Inbox');
    await expect.poll(rowCount, { timeout: 30_000 }).toBe(String(IVY_COUNT + 5));
    const toggle = page.getByRole('button', { name: 'Conversations', exact: true });
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('false');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    // aria-rowcount is absent while the list is loading; read it only once it is there.
    const counted = async () => {
      const n = await rowCount();
      return n === null ? Number.NaN : Number(n);
    };
    await expect.poll(counted).toBeLessThan(IVY_COUNT);
    const before = await counted();
    const thread = list()
      .getByRole('option', { name: /^Conversation of \d+ messages/ })
      .first();
    const size = Number(/^Conversation of (\d+)/.exec((await thread.getAttribute('aria-label')) ?? '')?.[1]);
    expect(size).toBeGreaterThan(1);
    const id = await thread.getAttribute('data-id');
    await thread.click();
    const head = list().locator(`[data-id="${id}"]`);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => head.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(counted).toBe(before + size - 1);
    await screenshot(page, 'mail-window-threads-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'mail-window-threads-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    // j moves into the thread; ← from there closes it and puts the keyboard back on its row.
    await page.keyboard.press('j');
    await expect.poll(() => list().locator('[aria-selected="true"]').getAttribute('class')).toContain('thread-child');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(counted).toBe(before);
    await expect.poll(() => head.getAttribute('aria-selected')).toBe('true');

    // Remembered on this computer: a reload shows conversations again.
    await page.reload();
    await openFolder('Ivy', 'Inbox');
    await expect.poll(() => page.getByRole('button', { name: 'Conversations', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(counted).toBe(before);
    await page.getByRole('button', { name: 'Conversations', exact: true }).click();
    await expect.poll(rowCount).toBe(String(IVY_COUNT + 5));
  });

  it('searches the server for what is not here and opens a message found there', async () => {
    // Older than the account's offline window (recent bodies, 30 days): its body stays on the
    // server. A new message's body would be downloaded and indexed, and found here after all.
    seedMaildir(mail, IVY.user, [
      Buffer.from(
        'From: Pia Lind <pia@example.org>\r\nTo: ivy@homing.test\r\nSubject: Garden plans\r\nMessage-ID: <garden@example.org>\r\n' +
          `Date: ${new Date(Date.now() - 400 * 86_400_000).toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe quokkafern seedlings arrive Tuesday.\r\n`,
      ),
    ]);
    await openFolder('Ivy', 'Inbox');
    await page.getByRole('searchbox', { name: 'Search mail' }).fill('quokkafern');
    // The word is only in the body, which an IMAP account leaves on the server.
    await expect.poll(() => page.locator('.search-summary').first().textContent()).toMatch(/^No messages found on this computer/);
    const server = page.getByRole('region', { name: 'Server search' });
    await server.getByRole('button', { name: 'Search on the server for “quokkafern”' }).click();
    await expect.poll(() => server.getByRole('status').textContent(), { timeout: 20_000 }).toMatch(/^1 message in Inbox on the server/);
    const hit = server.getByRole('list', { name: 'Found on the server' }).getByRole('button');
    await expect(hit.getAttribute('aria-label')).resolves.toMatch(/^Pia Lind, Garden plans, .*, On server only$/);
    await screenshot(page, 'mail-window-server-search');
    await hit.click();
    await expect.poll(() => reader().getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 }).toBe('Garden plans');
    await expect.poll(() => reader().locator('iframe, pre, .plain-text').first().count()).toBeGreaterThan(0);
    await page.getByRole('searchbox', { name: 'Search mail' }).fill('');
    await expect.poll(() => page.getByRole('heading', { name: 'Inbox', level: 2 }).count()).toBe(1);
  });

  it('lists the shortcuts in a help overlay, follows a dark theme, and stays usable at 200% zoom', async () => {
    await page.locator('body').click({ position: { x: 700, y: 5 } });
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help.getByRole('row').count()).resolves.toBeGreaterThan(15);
    await page.keyboard.press('Escape');
    await expect(help.count()).resolves.toBe(0);

    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await expect(background()).resolves.toBe('rgb(247, 247, 245)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(background).toBe('rgb(23, 24, 26)');
    await rows().nth(1).click();
    await screenshot(page, 'mail-window-dark');
    // The user's choice wins over the system's, both ways.
    const theme = page.getByRole('combobox', { name: 'Theme' });
    await theme.selectOption('light');
    await expect.poll(background).toBe('rgb(247, 247, 245)');
    await page.emulateMedia({ colorScheme: 'light' });
    await theme.selectOption('dark');
    await expect.poll(background).toBe('rgb(23, 24, 26)');
    await theme.selectOption('system');
    await expect.poll(background).toBe('rgb(247, 247, 245)');

    // 200% zoom: the same pixels, half the CSS viewport.
    await page.setViewportSize({ width: 700, height: 450 });
    await expect(list().isVisible()).resolves.toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'mail-window-200-percent');
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('labels every control for screen readers', async () => {
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll('button, input, select, [role="option"], [role="separator"], iframe'))
        .filter((el) => {
          const name =
            el.getAttribute('aria-label') ||
            el.getAttribute('title') ||
            el.textContent?.trim() ||
            (el.id && document.querySelector(`label[for="${el.id}"]`)) ||
            el.closest('label');
          return !name;
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
  });
});
