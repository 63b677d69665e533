import type { AccountSettings, ConnectionTest } from '../../../contract';
import { HomingError } from '../../../contract';
import type { TestLimits } from '../../accounts/test-account';
import { connectAccount, type Pop3ConnectExtras } from './connect-account';

/** The per-test limits as POP3 client options; a limit given for this test wins over the tester's defaults. */
const withLimits = (extras: Pop3ConnectExtras, limits: TestLimits | undefined): Pop3ConnectExtras => {
  if (!limits) return extras;
  const ca = limits.extraCa ?? extras.ca;
  return {
    ...extras,
    timeouts: { ...extras.timeouts, connectMs: limits.timeoutMs, greetingMs: limits.timeoutMs, commandMs: limits.timeoutMs },
    ...(ca ? { ca } : {}),
  };
};

/**
 * Logs in, asks what the server can do, and leaves without touching the mailbox. A refused login
 * keeps the server's text in its message ("login failed: …"); accounts/test-account.ts reads it
 * for "needs an app password" and quotes it.
 */
export const testPop3 =
  (extras: Pop3ConnectExtras = {}) =>
  async (settings: AccountSettings, password: string, limits?: TestLimits): Promise<ConnectionTest> => {
    try {
      const client = await connectAccount(settings.incoming, password, withLimits(extras, limits));
      try {
        const caps = client.capabilities;
        const facts: Record<string, string> = {
          encrypted: String(client.encrypted),
          messages: String((await client.stat()).count),
        };
        try {
          await client.uidl();
          facts.uidl = 'yes';
        } catch (err) {
          if (!(err instanceof HomingError && err.code === 'no_uidl')) throw err;
          facts.uidl = 'no';
        }
        if (caps) facts.pipelining = String(caps.pipelining);
        await client.quit();
        return { ok: true, facts };
      } finally {
        client.close();
      }
    } catch (err) {
      if (err instanceof HomingError) return { ok: false, error: err.toAppError(), facts: {} };
      throw err;
    }
  };
