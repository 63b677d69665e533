// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Account } from '../../../electron/contract';
import type { Draft } from '../../../electron/contract/compose';
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
  compose: {
    signature: 'Alice',
    serverSavesSent: false,
    identities: [{ id: 'support', name: 'Homing Support', address: 'support@homing.test', signature: 'The support team' }],
  },
};

const draft: Draft = {
  id: 'draft-000001',
  accountId: 'a1',
  to: [{ name: '', address: 'bob@homing.test' }],
  cc: [],
  bcc: [],
  subject: 'Hallo',
  identityId: 'primary',
  text: '\n\n-- \nAlice\n',
  format: 'plain',
  attachments: [],
  inReplyTo: null,
  references: [],
  origin: null,
  updatedAt: 0,
};

/** The composer's commands answered as the engine would; compose:limits with the given SIZE limit. */
const fakeApi = (sizeLimit: number | null) => {
  const calls: { name: string; input: unknown }[] = [];
  const api: ComposeApi = {
    call: vi.fn(async (name: string, input: unknown) => {
      calls.push({ name, input });
      if (name === 'compose:limits') return { ok: true, value: { sizeLimit, checkedAt: sizeLimit === null ? null : 1 } } as never;
      if (name === 'compose:save') return { ok: true, value: { draftId: draft.id, savedAt: 0, where: 'server', error: null } } as never;
      return { ok: true, value: {} } as never;
    }) as ComposeApi['call'],
    onOutboxChanged: () => () => undefined,
  };
  return { api, calls };
};

const from = () => screen.getByRole('combobox', { name: 'From' }) as HTMLSelectElement;
const body = () => screen.getByLabelText('Message') as HTMLTextAreaElement;

describe('Composer: From identities', () => {
  it('lists every identity and swaps the untouched signature when the user picks another', async () => {
    const { api, calls } = fakeApi(null);
    render(<Composer api={api} accounts={[account]} initial={draft} suggest={async () => []} onClose={() => undefined} autosaveMs={10} />);
    expect([...from().options].map((o) => o.textContent)).toEqual(['Alice <alice@homing.test>', 'Homing Support <support@homing.test>']);
    await userEvent.selectOptions(from(), screen.getByRole('option', { name: 'Homing Support <support@homing.test>' }));
    expect(body().value).toBe('\n\n-- \nThe support team\n');
    await waitFor(() => {
      const saved = calls.filter((c) => c.name === 'compose:save').pop()?.input as { draft: Draft } | undefined;
      expect(saved?.draft).toMatchObject({ identityId: 'support', accountId: 'a1', text: '\n\n-- \nThe support team\n' });
    });
  });

  it('leaves a signature the user changed as it is, and says so', async () => {
    const { api } = fakeApi(null);
    render(
      <Composer
        api={api}
        accounts={[account]}
        initial={{ ...draft, text: '\n\n-- \nAlice, mobil\n' }}
        suggest={async () => []}
        onClose={() => undefined}
      />,
    );
    await userEvent.selectOptions(from(), screen.getByRole('option', { name: 'Homing Support <support@homing.test>' }));
    expect(body().value).toBe('\n\n-- \nAlice, mobil\n');
    expect(screen.getByText(/You changed the signature in the text/)).toBeTruthy();
  });

  it('opens a draft on its saved identity', () => {
    const { api } = fakeApi(null);
    render(
      <Composer
        api={api}
        accounts={[account]}
        initial={{ ...draft, identityId: 'support' }}
        suggest={async () => []}
        onClose={() => undefined}
      />,
    );
    expect(from().selectedOptions[0]!.textContent).toBe('Homing Support <support@homing.test>');
  });
});

describe('Composer: the server’s size limit before Send', () => {
  it('shows the estimated size against the limit', async () => {
    const { api, calls } = fakeApi(26_214_400);
    render(<Composer api={api} accounts={[account]} initial={draft} suggest={async () => []} onClose={() => undefined} />);
    expect((await screen.findByText(/of 25 MB this server accepts/)).textContent).toBe('1 KB of 25 MB this server accepts');
    expect(calls.find((c) => c.name === 'compose:limits')?.input).toEqual({ accountId: 'a1' });
  });

  it('disables Send and says why when the attachments are over the limit', async () => {
    const { api, calls } = fakeApi(10_240_000);
    const big = {
      ...draft,
      attachments: [{ id: 'att1', filename: 'video.mp4', contentType: 'video/mp4', size: 9_000_000, kind: 'file' as const }],
    };
    render(<Composer api={api} accounts={[account]} initial={big} suggest={async () => []} onClose={() => undefined} />);
    const reason = await screen.findByText(/but the server accepts at most 9.8 MB/);
    expect(reason.textContent).toMatch(/^This message is about 12 MB/);
    const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    expect(send.getAttribute('aria-describedby')).toBe(reason.id);
    await userEvent.click(send);
    expect(calls.some((c) => c.name === 'compose:send')).toBe(false);
  });

  it('shows only the size and lets the user send when the limit is not known', async () => {
    const { api } = fakeApi(null);
    render(<Composer api={api} accounts={[account]} initial={draft} suggest={async () => []} onClose={() => undefined} />);
    await waitFor(() => expect(screen.getByLabelText('Size').textContent).toBe('About 1 KB'));
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
