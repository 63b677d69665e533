import { ImapFlow } from 'imapflow';

import type { Account, AccountStatus, ImapOptions } from '../../../electron/contract';
import { createImapWorker, type ImapWorker, type ImapWorkerDeps } from '../../../electron/engine/imap/worker';
import { createLogger } from '../../../electron/engine/log';
import { type DirectStore, directStore } from '../../helpers/direct-store';
import type { MailServer } from '../../mailserver/dovecot';

/** IMAP_TEST_LOG=1 echoes the worker's log to stderr when a test needs explaining. */
export const quietLog = process.env.IMAP_TEST_LOG ? createLogger({ echo: true }) : createLogger({ file: '/dev/null', echo: false });

export const imapAccount = (
  server: MailServer,
  user: string,
  over: Partial<Account['incoming']> = {},
  imap: Partial<ImapOptions> = {},
): Account => ({
  id: `acct-${user}`,
  createdAt: 0,
  name: `IMAP ${user}`,
  email: `${user}@homing.test`,
  mode: 'imap',
  incoming: { host: server.host, port: server.ports.imaps, security: 'tls', username: user, allowCleartextPassword: false, ...over },
  imap: { offline: { kind: 'headers-only' }, attachmentCapKb: 10_240, checkIntervalMinutes: 5, ...imap },
});

export interface Harness {
  worker: ImapWorker;
  store: DirectStore;
  account: Account;
  statuses: Omit<AccountStatus, 'accountId'>[];
  stop(): Promise<void>;
}

/** The app's IMAP worker wired to the real store writer (Dexie over fake-indexeddb). */
export const imapHarness = (
  server: MailServer,
  user: string,
  opts: { password?: string; account?: Account; deps?: Partial<ImapWorkerDeps>; store?: DirectStore } = {},
): Harness => {
  const account = opts.account ?? imapAccount(server, user);
  const password = opts.password ?? server.users.find((u) => u.user === user)?.password ?? '';
  const store = opts.store ?? directStore();
  const statuses: Harness['statuses'] = [];
  const base: ImapWorkerDeps = {
    account,
    password: async () => password,
    store,
    status: (s) => statuses.push(s),
    progress: () => undefined,
    log: quietLog,
    now: Date.now,
    freeDiskBytes: async () => 1e12,
    tlsCa: server.caCertPem,
    checkIntervalMs: 0,
    backoff: { baseMs: 200, maxMs: 2_000 },
    idleDebounceMs: 50,
  };
  const worker = createImapWorker({ ...base, ...opts.deps } as ImapWorkerDeps);
  return { worker, store, account, statuses, stop: () => worker.stop() };
};

/** Another device: an independent imapflow session on the same mailbox. */
export const otherDevice = async (server: MailServer, user: string): Promise<ImapFlow> => {
  const password = server.users.find((u) => u.user === user)?.password ?? '';
  const client = new ImapFlow({
    host: server.host,
    port: server.ports.imaps,
    secure: true,
    auth: { user, pass: password },
    tls: { ca: server.caCertPem },
    logger: false,
    disableAutoIdle: true,
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
};

/** Polls until `check` returns a truthy value, or fails after `ms`. */
export const waitFor = async <T>(check: () => Promise<T> | T, ms = 5_000, every = 25): Promise<NonNullable<T>> => {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, every));
  }
};

/** Local messages of one folder as uid → {seen, flagged}, read from the real store. */
export const localFolder = async (store: DirectStore, folderId: string) => {
  const rows = await store.db.messages.where('[folderId+date]').between([folderId, -Infinity], [folderId, Infinity]).toArray();
  return new Map(rows.map((r) => [Number(r.remoteKey.slice(r.remoteKey.lastIndexOf('/') + 1)), r]));
};

/** Server messages of one folder as uid → flags, seen by the other device. */
export const serverFolder = async (client: ImapFlow, path: string): Promise<Map<number, Set<string>>> => {
  const lock = await client.getMailboxLock(path);
  try {
    // Collect expunges another session made since this one last looked (RFC 9051 §7.5.1).
    await client.noop();
    if (!client.mailbox || client.mailbox.exists === 0) return new Map();
    const rows = await client.fetchAll('1:*', { uid: true, flags: true }, { uid: true });
    return new Map(rows.map((r) => [r.uid, r.flags ?? new Set<string>()]));
  } finally {
    lock.release();
  }
};

/** A small message with a known RFC 2047 subject. */
export const mail = (subject: string, extra = ''): string =>
  `From: Zoë <zoe@example.org>\r\nTo: alice@homing.test\r\nSubject: ${subject}\r\nMessage-ID: <${Math.random().toString(36).slice(2)}@t>\r\nDate: Thu, 01 Jan 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello${extra}\r\n`;
