import type { AccountSettings, ConnectionTest } from '../../contract';
import type { ConnectionTester } from '../accounts/test-account';
import type { Logger } from '../log';
import { closeImapClient, type ImapConnectExtras, openImapClient } from './connect';
import { toHomingError } from './errors';
import { readQuota } from './quota';

/** Capabilities worth telling the user (and support) about; the rest is noise. */
const notable = ['IDLE', 'CONDSTORE', 'QRESYNC', 'MOVE', 'UIDPLUS', 'SPECIAL-USE', 'QUOTA', 'COMPRESS=DEFLATE', 'IMAP4rev2'];

/**
 * Logs in once with the settings the user entered and reports what the server offers; never keeps
 * the connection. Failures come back as `ok: false` with the stable code (an untrusted certificate
 * carries its fingerprint so the wizard can offer to trust it).
 */
export const createImapTester =
  (log: Logger, extras: ImapConnectExtras = {}): ConnectionTester =>
  async (settings: AccountSettings, password: string): Promise<ConnectionTest> => {
    try {
      const client = await openImapClient({ settings: settings.incoming, password, role: 'probe', extras, log, onClose: () => undefined });
      try {
        const facts: Record<string, string> = {
          capabilities: notable.filter((c) => client.capabilities.has(c)).join(' '),
          encrypted: client.secureConnection ? 'yes' : 'no',
        };
        const quota = await readQuota(client).catch(() => null);
        if (quota) facts.quota = `${quota.usedBytes} of ${quota.limitBytes} bytes`;
        return { ok: true, facts };
      } finally {
        await closeImapClient(client);
      }
    } catch (err) {
      return { ok: false, error: toHomingError(err, settings.incoming.host).toAppError(), facts: {} };
    }
  };
