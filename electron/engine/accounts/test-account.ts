import type { AccountMode, AccountSettings, ConnectionTest } from '../../contract';
import { HomingError } from '../../contract';

/** Logs in once and reports what the server said; never keeps the connection. */
export type ConnectionTester = (settings: AccountSettings, password: string) => Promise<ConnectionTest>;

export const testAccount = async (
  settings: AccountSettings,
  password: string,
  testers: Partial<Record<AccountMode, ConnectionTester>>,
): Promise<{ incoming: ConnectionTest }> => {
  const tester = testers[settings.mode];
  if (!tester)
    throw new HomingError('not_implemented', `Testing ${settings.mode.toUpperCase()} settings is not available in this build yet.`);
  return { incoming: await tester(settings, password) };
};
