import type { AccountSettingsInput, AppError, ConnectionTest } from '../../../electron/contract';
import type { HomingClient } from '../../api/client';

export type SignInOutcome =
  | { kind: 'ok'; settings: AccountSettingsInput; incoming: ConnectionTest; smtp: ConnectionTest | undefined }
  | { kind: 'failed'; error: AppError; settings: AccountSettingsInput; tried: string[]; smtp: ConnectionTest | undefined };

/**
 * Tests the settings with each user name form in turn (e.g. the full address, then the part before
 * "@"), moving on only when the server said the credentials were wrong. The password goes to the
 * engine and nowhere else; nothing here keeps it.
 */
export async function testSignIn(
  client: HomingClient,
  settingsFor: (username: string) => AccountSettingsInput,
  usernames: string[],
  password: string,
): Promise<SignInOutcome> {
  const tried: string[] = [];
  let last: SignInOutcome | null = null;
  for (const username of usernames) {
    tried.push(username);
    const settings = settingsFor(username);
    const result = await client.call('accounts:test', { settings, password });
    if (!result.ok) return { kind: 'failed', error: result.error, settings, tried, smtp: undefined };
    const { incoming, smtp } = result.value;
    if (incoming.ok) return { kind: 'ok', settings, incoming, smtp };
    const error = incoming.error ?? { code: 'internal' as const, message: 'The test failed without saying why.' };
    last = { kind: 'failed', error, settings, tried: [...tried], smtp };
    // Another user name form helps only when the credentials were simply refused; "needs an app
    // password" or "sign in on the website first" would be refused for every form alike.
    const reason = error.detail?.reason;
    if (error.code !== 'auth_failed' || (reason !== undefined && reason !== 'wrong_credentials')) return last;
  }
  return (
    last ?? {
      kind: 'failed',
      error: { code: 'invalid_input', message: 'Type a user name first.' },
      settings: settingsFor(''),
      tried,
      smtp: undefined,
    }
  );
}
