// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ParsedMessage } from '../../../../../electron/contract';
import { Reader } from '../../../../../renderer/features/mail/Reader';
import { bytes, freshDb, message, seed, setupOps } from '../../../store/fixtures';
import { fakeClient, renderWith } from '../../helpers/render';

const SOURCE = [
  'From: News <news@shop.test>',
  'Subject: Spring sale',
  'Content-Type: multipart/related; boundary="b"',
  '',
  '--b',
  'Content-Type: text/html',
  '',
  '<p>Sale!</p><img src="https://track.shop.test/open.gif"><img src="cid:logo@shop"><a href="https://shop.test/x">https://mybank.test</a>',
  '--b',
  'Content-Type: image/png',
  'Content-ID: <logo@shop>',
  'Content-Transfer-Encoding: base64',
  '',
  'iVBORw0KGgo=',
  '--b--',
  '',
].join('\r\n');

const parsed: ParsedMessage = {
  subject: 'Spring sale',
  from: [{ name: 'News', address: 'news@shop.test' }],
  to: [],
  cc: [],
  date: null,
  text: 'Sale! (plain)',
  html: '<p>Sale!</p><img src="https://track.shop.test/open.gif"><img src="cid:logo@shop"><a href="https://shop.test/x">https://mybank.test</a>',
  attachments: [
    { index: 0, filename: 'logo.png', contentType: 'image/png', size: 8, contentId: '<logo@shop>', inline: true },
    { index: 1, filename: 'terms.pdf', contentType: 'application/pdf', size: 20_480, contentId: null, inline: false },
  ],
  problem: null,
};

const GIF = Uint8Array.from(atob('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=='), (c) => c.charCodeAt(0));
/** The engine's answer to remote:fetch: every URL loaded, or every one refused with `error`. */
const remoteFetch =
  (error: string | null = null) =>
  ({ urls }: { urls: string[] }) => ({
    items: urls.map((url) => ({ url, ok: error === null, contentType: error ? null : 'image/gif', bytes: error ? null : GIF, error })),
  });

const setup = async (
  overrides: Parameters<typeof message>[0] = { folderId: 'acc1/INBOX' },
  remote: ReturnType<typeof remoteFetch> = remoteFetch(),
) => {
  const db = freshDb();
  const m = message({
    id: 'acc1/sale',
    subject: 'Spring sale',
    from: [{ name: 'News', address: 'news@shop.test' }],
    hasSource: true,
    ...overrides,
  });
  await seed(db, [
    ...setupOps('acc1'),
    { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: Uint8Array.from(bytes(SOURCE)) }] },
  ]);
  const fake = fakeClient({ 'mime:parse': () => parsed, 'remote:fetch': remote as never });
  renderWith(<Reader messageId={m.id} />, { db, client: fake.client });
  return { db, fake, m };
};

const frame = () => screen.getByTitle('Message body') as HTMLIFrameElement;
const srcdoc = () => frame().getAttribute('srcdoc') ?? '';

beforeEach(() => {
  localStorage.clear();
  URL.createObjectURL ??= () => 'blob:http://localhost/fake';
  URL.revokeObjectURL ??= () => undefined;
});
afterEach(cleanup);

describe('Reader', () => {
  it('shows the HTML in a sandboxed frame without scripts, remote images blocked and counted', async () => {
    await setup();
    await screen.findByTitle('Message body');
    expect(frame().getAttribute('sandbox')).toBe('allow-same-origin');
    expect(srcdoc()).toContain(`content="default-src 'none'; img-src data: blob:; font-src data:;`);
    expect(srcdoc()).not.toContain('track.shop.test');
    expect(screen.getByRole('status', { name: 'Remote content' }).textContent).toContain('Homing blocked 1 remote image or file');
  });

  it('loads remote content for this message only when asked, through the engine, shown from blob: URLs', async () => {
    const { fake } = await setup();
    await screen.findByTitle('Message body');
    expect(fake.calls.filter((c) => c.name === 'remote:fetch')).toEqual([]);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Load for this message' })));
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Remote content' }).textContent).toContain(
        'Showing 1 remote image or file from the internet for this message.',
      ),
    );
    expect(fake.calls.filter((c) => c.name === 'remote:fetch')).toEqual([
      { name: 'remote:fetch', input: { urls: ['https://track.shop.test/open.gif'] } },
    ]);
    // The frame itself may still load nothing remote: its CSP names no origin, the image is a blob.
    expect(srcdoc()).toContain(`img-src data: blob:; font-src data:;`);
    expect(srcdoc()).not.toContain('track.shop.test');
    expect(srcdoc().match(/<img src="blob:[^"]+"/g)).toHaveLength(2);
  });

  it('says so when the engine could not load them', async () => {
    await setup(undefined, remoteFetch('The server did not answer within 15 seconds.'));
    await screen.findByTitle('Message body');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Load for this message' })));
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Remote content' }).textContent).toContain('One of them could not be loaded'),
    );
    expect(srcdoc()).not.toContain('track.shop.test');
  });

  it('remembers "Always for this sender" in localStorage', async () => {
    await setup();
    await screen.findByTitle('Message body');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Always for this sender' })));
    expect(localStorage.getItem('homing.remoteContent.trustedSenders')).toBe('["news@shop.test"]');
    await waitFor(() => expect(srcdoc().match(/<img src="blob:[^"]+"/g)).toHaveLength(2));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stop loading for this sender' })));
    expect(srcdoc().match(/<img src="blob:[^"]+"/g)).toHaveLength(1);
    expect(screen.getByRole('status', { name: 'Remote content' }).textContent).toContain('Homing blocked 1 remote image or file');
  });

  it('shows cid: images from the message’s own bytes as blob: URLs', async () => {
    await setup();
    await screen.findByTitle('Message body');
    expect(srcdoc()).toMatch(/<img src="blob:[^"]+">/);
    expect(srcdoc()).not.toContain('cid:');
  });

  it('says where the message lives, and marks it read once', async () => {
    const { fake } = await setup({ folderId: 'acc1/INBOX', location: 'local', seen: false });
    await screen.findByTitle('Message body');
    expect(screen.getByLabelText('Where this message lives').textContent).toBe(
      'Only on this computer This message exists only on this computer. Deleting it here deletes the only copy.',
    );
    await waitFor(() =>
      expect(fake.calls.filter((c) => c.name === 'message:setFlags')).toEqual([
        { name: 'message:setFlags', input: { messageIds: ['acc1/sale'], seen: true } },
      ]),
    );
  });

  it('switches to plain text and to the raw source, and lists attachments with name, type and size', async () => {
    await setup();
    await screen.findByTitle('Message body');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Plain text' })));
    expect(screen.getByLabelText('Message text').textContent).toBe('Sale! (plain)');
    expect(screen.queryByTitle('Message body')).toBeNull();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'View source' })));
    expect(screen.getByLabelText('Message source').textContent).toBe(SOURCE);
    const attachments = screen.getByRole('region', { name: 'Attachments' });
    expect(attachments.textContent).toContain('terms.pdf');
    expect(attachments.textContent).toContain('application/pdf · 20 KB');
    // The inline logo is part of the body, not listed.
    expect(attachments.textContent).not.toContain('logo.png');
  });
});
