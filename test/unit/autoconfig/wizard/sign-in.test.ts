import { describe, expect, it } from 'vitest';

import type { AccountSettingsInput, Result } from '../../../../electron/contract';
import type { HomingClient } from '../../../../renderer/api/client';
import { testSignIn } from '../../../../renderer/features/setup/sign-in';

const settingsFor = (username: string): AccountSettingsInput => ({
  name: 'Me',
  email: 'me@example.com',
  mode: 'pop3',
  incoming: { host: 'pop.example.com', port: 995, security: 'tls', username },
});

/** A client whose `accounts:test` answers from a script, recording the user names asked. */
const scripted = (answers: Record<string, Result<unknown>>) => {
  const asked: string[] = [];
  const client = {
    call: async (name: string, input: { settings: AccountSettingsInput }) => {
      expect(name).toBe('accounts:test');
      const username = input.settings.incoming.username;
      asked.push(username);
      return answers[username]!;
    },
  } as unknown as HomingClient;
  return { client, asked };
};

const authFailed: Result<unknown> = {
  ok: true,
  value: { incoming: { ok: false, error: { code: 'auth_failed', message: 'no' }, facts: {} } },
};
const passed: Result<unknown> = { ok: true, value: { incoming: { ok: true, facts: { messages: '3' } } } };

describe('signing in with each user name form', () => {
  it('moves to the next form only when the credentials were refused', async () => {
    const { client, asked } = scripted({ 'me@example.com': authFailed, me: passed });
    const outcome = await testSignIn(client, settingsFor, ['me@example.com', 'me'], 'pw');
    expect(asked).toEqual(['me@example.com', 'me']);
    expect(outcome).toMatchObject({ kind: 'ok', settings: { incoming: { username: 'me' } }, incoming: { facts: { messages: '3' } } });
  });

  it('stops at the first error that is not about the credentials', async () => {
    const refused: Result<unknown> = {
      ok: true,
      value: { incoming: { ok: false, error: { code: 'untrusted_certificate', message: 'x' }, facts: {} } },
    };
    const { client, asked } = scripted({ 'me@example.com': refused, me: passed });
    const outcome = await testSignIn(client, settingsFor, ['me@example.com', 'me'], 'pw');
    expect(asked).toEqual(['me@example.com']);
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'untrusted_certificate' } });
  });

  it('stops when the server asks for an app password: another user name form would be refused alike', async () => {
    const appPassword: Result<unknown> = {
      ok: true,
      value: {
        incoming: {
          ok: false,
          error: {
            code: 'auth_failed',
            message: 'x',
            detail: { reason: 'needs_app_password', serverSays: 'Application-specific password required' },
          },
          facts: {},
        },
        smtp: { ok: true, facts: {} },
      },
    };
    const { client, asked } = scripted({ 'me@example.com': appPassword, me: passed });
    const outcome = await testSignIn(client, settingsFor, ['me@example.com', 'me'], 'pw');
    expect(asked).toEqual(['me@example.com']);
    expect(outcome).toMatchObject({ kind: 'failed', error: { detail: { reason: 'needs_app_password' } }, smtp: { ok: true } });
    // A plain refusal with the engine's reason still moves on.
    const plain: Result<unknown> = {
      ok: true,
      value: { incoming: { ok: false, error: { code: 'auth_failed', message: 'no', detail: { reason: 'wrong_credentials' } }, facts: {} } },
    };
    const second = scripted({ 'me@example.com': plain, me: passed });
    expect((await testSignIn(second.client, settingsFor, ['me@example.com', 'me'], 'pw')).kind).toBe('ok');
  });

  it('reports every form tried when all were refused, and command errors as they are', async () => {
    const { client } = scripted({ a: authFailed, b: authFailed });
    expect(await testSignIn(client, settingsFor, ['a', 'b'], 'pw')).toMatchObject({
      kind: 'failed',
      tried: ['a', 'b'],
      error: { code: 'auth_failed' },
    });
    const broken = scripted({ a: { ok: false, error: { code: 'not_implemented', message: 'IMAP later' } } });
    expect(await testSignIn(broken.client, settingsFor, ['a'], 'pw')).toMatchObject({ kind: 'failed', error: { code: 'not_implemented' } });
  });
});
