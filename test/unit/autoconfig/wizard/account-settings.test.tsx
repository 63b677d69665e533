// @vitest-environment jsdom
import 'fake-indexeddb/auto';

import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import type { Account, Result } from '../../../../electron/contract';
import type { HomingClient } from '../../../../renderer/api/client';
import { AppContext } from '../../../../renderer/app/app-context';
import { AccountSettingsPanel } from '../../../../renderer/features/setup/AccountSettingsPanel';
import { folder, freshDb, message, seed, setupOps } from '../../store/fixtures';

const account: Account = {
  id: 'acc1',
  createdAt: 0,
  name: 'Home mail',
  email: 'me@example.org',
  mode: 'pop3',
  incoming: { host: 'mail.example.org', port: 995, security: 'tls', username: 'acc1', allowCleartextPassword: false },
  pop3: { policy: { kind: 'keep-days', days: 14 }, headersOnlyAboveKb: null, checkIntervalMinutes: 10 },
};

afterEach(cleanup);

/** A fake engine: records calls; the retest answer is scripted per test. */
const fakeClient = (retest: (input: { password?: string; settings: Account }) => Result<unknown>) => {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const call = async (name: string, input: Record<string, unknown>): Promise<Result<unknown>> => {
    calls.push({ name, input });
    if (name === 'accounts:probe')
      return {
        ok: true,
        value: {
          speaks: true,
          encryption: 'tls',
          starttlsOffered: false,
          certificate: null,
          authMechanisms: [],
          loginDisabled: false,
          error: null,
        },
      };
    if (name === 'accounts:retest') return retest(input as never);
    if (name === 'accounts:update') return { ok: true, value: { ...account, ...(input.settings as object) } };
    if (name === 'accounts:remove') return { ok: true, value: { removed: true } };
    return { ok: false, error: { code: 'not_implemented', message: name } };
  };
  const transport = { call, subscribe: () => () => undefined };
  return { client: { transport, call, on: () => () => undefined } as unknown as HomingClient, calls };
};

const ok: Result<unknown> = { ok: true, value: { incoming: { ok: true, facts: {} } } };

const renderPanel = (client: HomingClient, onRemoved = () => undefined) => {
  const db = freshDb();
  render(
    <AppContext.Provider value={{ client, db }}>
      <AccountSettingsPanel account={account} onClose={() => undefined} onRemoved={onRemoved} />
    </AppContext.Provider>,
  );
  return db;
};

describe('account settings', () => {
  it('re-tests with the saved password before saving a new policy and interval', async () => {
    const { client, calls } = fakeClient(() => ok);
    renderPanel(client);
    await userEvent.click(screen.getByRole('radio', { name: 'Keep on the server forever' }));
    const interval = screen.getByLabelText('Check for new mail every (minutes)');
    await userEvent.clear(interval);
    await userEvent.type(interval, '30');
    await userEvent.click(screen.getByRole('button', { name: 'Test and save' }));
    await screen.findByText('Saved. The settings were tested and work.');
    const names = calls.map((c) => c.name).filter((n) => n !== 'accounts:probe');
    expect(names).toEqual(['accounts:retest', 'accounts:update']);
    expect(calls.find((c) => c.name === 'accounts:retest')?.input).not.toHaveProperty('password');
    expect(calls.find((c) => c.name === 'accounts:update')?.input.settings).toMatchObject({
      pop3: { policy: { kind: 'keep-forever' }, checkIntervalMinutes: 30 },
    });
  });

  it('asks for the password again when the server changes, and does not save a failed test', async () => {
    const { client, calls } = fakeClient((input) =>
      input.password
        ? ok
        : {
            ok: false,
            error: { code: 'invalid_input', message: 'Type the password again to use it there.', detail: { needs: 'password' } },
          },
    );
    renderPanel(client);
    const server = screen.getByLabelText('Server');
    await userEvent.clear(server);
    await userEvent.type(server, 'pop.elsewhere.org');
    expect(screen.getByText(/You changed the server, so type the password again/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Test and save' }));
    await screen.findByRole('alert');
    expect(calls.some((c) => c.name === 'accounts:update')).toBe(false);
    await userEvent.type(screen.getByLabelText('New password (leave empty to keep the saved one)'), 'secret-pw');
    await userEvent.click(screen.getByRole('button', { name: 'Test and save' }));
    await screen.findByText('Saved. The settings were tested and work.');
    expect(calls.find((c) => c.name === 'accounts:update')?.input).toMatchObject({
      password: 'secret-pw',
      settings: { incoming: { host: 'pop.elsewhere.org' } },
    });
  });

  it('counts the mail that exists only here before removing', async () => {
    const { client, calls } = fakeClient(() => ok);
    const db = renderPanel(client);
    await seed(db, [
      ...setupOps('acc1'),
      { op: 'putFolders', folders: [folder('acc1', 'Archive', 'archive')] },
      {
        op: 'putMessages',
        messages: [
          message({ folderId: 'acc1/Archive', location: 'local' }),
          message({ folderId: 'acc1/Archive', location: 'local' }),
          message({ folderId: 'acc1/INBOX' }),
        ],
        sources: [],
      },
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Remove account…' }));
    await screen.findByText(/2 messages of this account exist only on this computer/);
    await userEvent.click(screen.getByRole('radio', { name: 'Delete them with the account' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'I understand that 2 messages will be deleted for good' }));
    await userEvent.click(screen.getByRole('button', { name: 'Remove account and delete 2 messages' }));
    await waitFor(() => expect(calls.some((c) => c.name === 'accounts:remove')).toBe(true));
  });
});
