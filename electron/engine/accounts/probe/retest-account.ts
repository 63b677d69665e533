import {
  type Account,
  type AccountSettings,
  type ConnectionTest,
  HomingError,
  type Security,
  type ServerSettings,
} from '../../../contract';
import { registerSecret } from '../../log';
import type { SecretStore } from '../../secrets/secret-store';

const strength: Record<Security, number> = { none: 0, starttls: 1, tls: 2 };

/**
 * May the saved password be sent with `next` instead of asking for it again? Only to the same
 * host, port and user name, with protection no weaker than before: not a weaker encryption, not a
 * newly allowed cleartext password, not a newly pinned certificate. Anything else could hand the
 * saved password to a server the user never gave it to (a typo, or a compromised renderer).
 */
export function savedPasswordMayGo(before: ServerSettings, next: ServerSettings): boolean {
  return (
    before.host.toLowerCase() === next.host.toLowerCase() &&
    before.port === next.port &&
    before.username === next.username &&
    strength[next.security] >= strength[before.security] &&
    (!next.allowCleartextPassword || before.allowCleartextPassword) &&
    (next.trustedFingerprint256 === undefined || next.trustedFingerprint256 === before.trustedFingerprint256)
  );
}

export function savedPasswordMayGoAll(before: AccountSettings, next: AccountSettings): boolean {
  if (!savedPasswordMayGo(before.incoming, next.incoming)) return false;
  if (!next.smtp) return true;
  // A sending server the account did not have yet has never been given the password.
  return before.smtp !== undefined && savedPasswordMayGo(before.smtp, next.smtp);
}

export interface RetestDeps {
  /** The saved account; throws not_found when there is none. */
  getAccount(accountId: string): Account | Promise<Account>;
  secrets: SecretStore;
  test(settings: AccountSettings, password: string): Promise<{ incoming: ConnectionTest; smtp?: ConnectionTest }>;
}

/** `accounts:retest`: tests an existing account's changed settings, with the saved password when that is safe. */
export const createRetestHandler =
  (deps: RetestDeps) =>
  async ({ accountId, settings, password }: { accountId: string; settings: AccountSettings; password?: string | undefined }) => {
    const account = await deps.getAccount(accountId);
    if (account.mode !== settings.mode) throw new HomingError('invalid_input', 'An account cannot switch between IMAP and POP3 in place.');
    if (password) {
      registerSecret(password);
      return deps.test(settings, password);
    }
    if (!savedPasswordMayGoAll(account, settings)) {
      throw new HomingError(
        'invalid_input',
        'These settings point to a different server or user name. Type the password again to use it there.',
        { needs: 'password' },
      );
    }
    const saved = await deps.secrets.get(accountId);
    if (!saved)
      throw new HomingError('not_found', 'No password is saved for this account. Type it to test the settings.', { needs: 'password' });
    return deps.test(settings, saved);
  };
