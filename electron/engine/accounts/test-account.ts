import type { AccountMode, AccountSettings, ConnectionTest } from '../../contract';
import { HomingError } from '../../contract';
import { testSmtp } from '../smtp/test-smtp';

/** Logs in once and reports what the server said; never keeps the connection. */
export type ConnectionTester = (settings: AccountSettings, password: string) => Promise<ConnectionTest>;

export type SmtpTester = (settings: NonNullable<AccountSettings['smtp']>, password: string) => Promise<ConnectionTest>;

/**
 * Tests the incoming server and, when the settings have one, the outgoing server too (Thunderbird
 * tests only incoming; a wrong SMTP password would otherwise surface at the first send).
 */
export const testAccount = async (
  settings: AccountSettings,
  password: string,
  testers: Partial<Record<AccountMode, ConnectionTester>>,
  smtpTester: SmtpTester = testSmtp,
): Promise<{ incoming: ConnectionTest; smtp?: ConnectionTest }> => {
  const tester = testers[settings.mode];
  if (!tester)
    throw new HomingError('not_implemented', `Testing ${settings.mode.toUpperCase()} settings is not available in this build yet.`);
  const [incoming, smtp] = await Promise.all([tester(settings, password), settings.smtp ? smtpTester(settings.smtp, password) : undefined]);
  return smtp ? { incoming, smtp } : { incoming };
};
