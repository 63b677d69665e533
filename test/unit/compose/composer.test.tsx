// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Account } from '../../../electron/contract';
import type { Draft, OutboxEntry } from '../../../electron/contract/compose';
import type { ComposeApi } from '../../../renderer/features/compose/compose-api';
import { Composer } from '../../../renderer/features/compose/Composer';

afterEach(cleanup);

const account: Account = {
  id: 'a1',
  createdAt: 0,
  name: 'Alice',
  email: 'alice@homing.test',
  mode: 'imap',
  incoming: { host: 'imap.x', port: 993, security: 'tls', username: 'alice', allowCleartextPassword: false },
};

const draft: Draft = {
  id: 'draft-000001',
  accountId: 'a1',
  to: [],
  cc: [],
  bcc: [],
  subject: '',
  identityId: 'primary',
  text: '',
  format: 'plain',
  attachments: [],
  inReplyTo: null,
  references: [],
  origin: null,
  updatedAt: 0,
};

const entry = (over: Partial<OutboxEntry>): OutboxEntry => ({
  id: 'o1',
  accountId: 'a1',
  draftId: draft.id,
  messageId: '<m@x>',
  subject: 's',
  to: [],
  size: 1,
  state: 'sent',
  attempts: 1,
  createdAt: 0,
  nextAttemptAt: null,
  sentAt: 1,
  lastError: null,
  sentCopy: 'done',
  ...over,
});

const fakeApi = (answers: Partial<Record<string, unknown>> = {}) => {
  const calls: { name: string; input: unknown }[] = [];
  const api: ComposeApi = {
    call: vi.fn(async (name: string, input: unknown) => {
      calls.push({ name, input });
      const a = answers[name];
      if (a && typeof a === 'object' && 'ok' in a) return a as never;
      if (name === 'compose:save') return { ok: true, value: { draftId: draft.id, savedAt: 0, where: 'server', error: null } } as never;
      if (name === 'compose:addAttachment')
        return { ok: true, value: { id: 'att1', filename: 'notes.txt', contentType: 'text/plain', size: 2048, kind: 'file' } } as never;
      return { ok: true, value: a ?? {} } as never;
    }) as ComposeApi['call'],
    onOutboxChanged: () => () => undefined,
  };
  return { api, calls };
};

const suggest = async (typed: string) =>
  [
    { name: 'Bob Bäcker', address: 'bob@homing.test' },
    { name: 'Bobby', address: 'bobby@x.org' },
  ].filter((a) => a.name.toLowerCase().startsWith(typed.toLowerCase()));

describe('Composer', () => {
  it('marks the selection from the formatting bar or Ctrl+B, and turns on the formatted part', async () => {
    const { api, calls } = fakeApi();
    render(
      <Composer
        api={api}
        accounts={[account]}
        initial={{ ...draft, text: 'see you soon' }}
        suggest={suggest}
        onClose={vi.fn()}
        autosaveMs={10}
      />,
    );
    const text = screen.getByLabelText('Message') as HTMLTextAreaElement;
    text.setSelectionRange(4, 7);
    fireEvent.click(screen.getByRole('toolbar', { name: 'Formatting' }).querySelector('[aria-label="Bold"]')!);
    expect(text.value).toBe('see *you* soon');
    expect((screen.getByRole('checkbox', { name: /Formatting/ }) as HTMLInputElement).checked).toBe(true);
    text.setSelectionRange(0, 3);
    fireEvent.keyDown(text, { key: 'i', ctrlKey: true });
    expect(text.value).toBe('_see_ *you* soon');
    await waitFor(() => {
      const saved = calls.filter((c) => c.name === 'compose:save').pop()?.input as { draft: Draft } | undefined;
      expect(saved?.draft).toMatchObject({ text: '_see_ *you* soon', format: 'formatted' });
    });
  });

  it('autosaves what the user types and sends it', async () => {
    const { api, calls } = fakeApi({ 'compose:send': { ok: true, value: entry({ state: 'sent' }) } });
    const onClose = vi.fn();
    render(<Composer api={api} accounts={[account]} initial={draft} suggest={suggest} onClose={onClose} autosaveMs={10} />);
    await userEvent.type(screen.getByRole('combobox', { name: 'To' }), 'bob@homing.test');
    await userEvent.type(screen.getByLabelText('Subject'), 'Hallo');
    await userEvent.type(screen.getByLabelText('Message'), 'Grüße');
    // Autosave runs while typing; wait for the save that holds everything typed, not an earlier one.
    await waitFor(() => {
      const saved = calls.filter((c) => c.name === 'compose:save').pop()?.input as { draft: Draft } | undefined;
      expect(saved?.draft).toMatchObject({ subject: 'Hallo', text: 'Grüße', to: [{ name: '', address: 'bob@homing.test' }] });
      expect(screen.getByRole('status').textContent).toMatch(/Saved in Drafts/);
    });

    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(onClose).toHaveBeenCalledWith({ kind: 'sent', entry: expect.objectContaining({ state: 'sent' }) }));
  });

  it('completes addresses from stored mail with the keyboard', async () => {
    const { api } = fakeApi();
    render(<Composer api={api} accounts={[account]} initial={draft} suggest={suggest} onClose={() => undefined} />);
    const to = screen.getByRole('combobox', { name: 'To' });
    await userEvent.type(to, 'Bo');
    const list = await screen.findByRole('listbox', { name: 'To suggestions' });
    expect(list.textContent).toContain('Bob Bäcker <bob@homing.test>');
    await userEvent.keyboard('{Enter}');
    expect((to as HTMLInputElement).value).toBe('Bob Bäcker <bob@homing.test>, ');
  });

  it('shows the server’s refusal in plain words and stays open with the draft', async () => {
    const refused = entry({
      state: 'failed',
      lastError: {
        code: 'server_refused',
        message: 'smtp.x refused the recipient nobody@homing.test: 550 no such user. Nothing was sent; correct the address and send again.',
        detail: { reason: 'recipient_refused', recipient: 'nobody@homing.test' },
      },
    });
    const { api } = fakeApi({ 'compose:send': { ok: true, value: refused } });
    const onClose = vi.fn();
    render(
      <Composer
        api={api}
        accounts={[account]}
        initial={{ ...draft, to: [{ name: '', address: 'nobody@homing.test' }] }}
        suggest={suggest}
        onClose={onClose}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/refused the recipient nobody@homing.test/);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('refuses to send to something that is not an address, before asking the engine', async () => {
    const { api, calls } = fakeApi();
    render(<Composer api={api} accounts={[account]} initial={draft} suggest={suggest} onClose={() => undefined} />);
    await userEvent.type(screen.getByRole('combobox', { name: 'To' }), 'not an address');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/not email addresses: not an address/);
    expect(calls.some((c) => c.name === 'compose:send')).toBe(false);
  });

  it('attaches dropped files and shows their size', async () => {
    const { api, calls } = fakeApi();
    render(<Composer api={api} accounts={[account]} initial={draft} suggest={suggest} onClose={() => undefined} />);
    const file = new File(['x'.repeat(2048)], 'notes.txt', { type: 'text/plain' });
    fireEvent.drop(screen.getByRole('region', { name: 'New message' }), { dataTransfer: { files: [file] } });
    const list = await screen.findByRole('list', { name: /Attachments, 2 KB in all/ });
    expect(list.textContent).toContain('notes.txt (2 KB)');
    const add = calls.find((c) => c.name === 'compose:addAttachment')!.input as { filename: string; bytes: Uint8Array };
    expect(add.filename).toBe('notes.txt');
    expect(add.bytes.length).toBe(2048);
  });

  it('saves before closing, so nothing typed is lost', async () => {
    const { api, calls } = fakeApi();
    const onClose = vi.fn();
    render(<Composer api={api} accounts={[account]} initial={draft} suggest={suggest} onClose={onClose} autosaveMs={60_000} />);
    await userEvent.type(screen.getByLabelText('Message'), 'unsaved words');
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(onClose).toHaveBeenCalledWith({ kind: 'closed' }));
    expect((calls.filter((c) => c.name === 'compose:save').pop()!.input as { draft: Draft }).draft.text).toBe('unsaved words');
  });
});
