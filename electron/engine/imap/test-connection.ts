import type { AccountSettings, ConnectionTest } from '../../contract';
import type { ConnectionTester, TestLimits } from '../accounts/test-account';
import type { Logger } from '../log';
import { closeImapClient, type ImapConnectExtras, openImapClient } from './connect';
import { toHomingError } from './errors';
import { readQuota } from './quota';

/** Capabilities worth telling the user (and support) about; the rest is noise. */
const notable = ['IDLE', 'CONDSTORE', 'QRESYNC', 'MOVE', 'UIDPLUS', 'SPECIAL-USE', 'QUOTA', 'COMPRESS=DEFLATE', 'IMAP4rev2'];

/** The per-test limits as imapflow options; a limit given for this test wins over the tester's defaults. */
const withLimits = (extras: ImapConnectExtras, limits: TestLimits | undefined): ImapConnectExtras => {
  if (!limits) return extras;
  const tlsCa = limits.extraCa ?? extras.tlsCa;
  return {
    ...extras,
    connectTimeoutMs: limits.timeoutMs,
    greetingTimeoutMs: limits.timeoutMs,
    socketTimeoutMs: limits.timeoutMs,
    ...(tlsCa ? { tlsCa } : {}),
  };
};

/**
 * Logs in once with the settings the user entered and reports what the server offers; never keeps
 * the connection. Failures come back as `ok: false` with the stable code (an untrusted certificate
 * carries its fingerprint so the wizard can offer to trust it). The mailbox size limit is read
 * here (GETQUOTAROOT INBOX, RFC 9208) so the wizard can show it before the user chooses where the
 * mail lives: `quota` is "<used> of <limit> bytes", `quota: none` when the server sets no limit.
 */
export const createImapTester =
  (log: Logger, extras: ImapConnectExtras = {}): ConnectionTester =>
  async (settings: AccountSettings, password: string, limits?: TestLimits): Promise<ConnectionTest> => {
    try {
      const client = await openImapClient({
        settings: settings.incoming,
        password,
        role: 'probe',
        extras: withLimits(extras, limits),
        log,
        onClose: () => undefined,
      });
      try {
        const facts: Record<string, string> = {
          capabilities: notable.filter((c) => client.capabilities.has(c)).join(' '),
          encrypted: client.secureConnection ? 'yes' : 'no',
        };
        // A failed GETQUOTAROOT says nothing about the sign-in, which worked; "unknown" is honest.
        const quota = await readQuota(client).then(
          (q) => q,
          () => undefined,
        );
        facts.quota = quota ? `${quota.usedBytes} of ${quota.limitBytes} bytes` : quota === null ? 'none' : 'unknown';
        return { ok: true, facts };
      } finally {
        await closeImapClient(client);
      }
    } catch (err) {
      return { ok: false, error: toHomingError(err, settings.incoming.host, [password]).toAppError(), facts: {} };
    }
  };
