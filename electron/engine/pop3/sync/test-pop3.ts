import type { AccountSettings, ConnectionTest } from '../../../contract';
import { HomingError } from '../../../contract';
import { connectAccount, type Pop3ConnectExtras } from './connect-account';

/** Logs in, asks what the server can do, and leaves without touching the mailbox. */
export const testPop3 =
  (extras: Pop3ConnectExtras = {}) =>
  async (settings: AccountSettings, password: string): Promise<ConnectionTest> => {
    try {
      const client = await connectAccount(settings.incoming, password, extras);
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
