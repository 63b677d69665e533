import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ImapFlow } from 'imapflow';

import type { Account, ServerSettings } from '../../../electron/contract';
import type { OutboxEntry } from '../../../electron/contract/compose';
import { localFoldersFor } from '../../../electron/engine/accounts/local-folders';
import { ComposeService, type ComposeServiceDeps } from '../../../electron/engine/compose/compose-service';
import { createLogger } from '../../../electron/engine/log';
import { connectAccount } from '../../../electron/engine/pop3/sync/connect-account';
import { type DirectStore, directStore } from '../../helpers/direct-store';
import { type MailServer, startDovecot } from '../../mailserver/dovecot';
import { type SmtpServer, startPostfix, type StartPostfixOptions } from '../../mailserver/postfix';

export const log = process.env.SMTP_TEST_LOG ? createLogger({ echo: true }) : createLogger({ file: '/dev/null', echo: false });

/** Full addresses as user names: Postfix's LMTP client names recipients that way. */
export const USERS = [
  { user: 'alice@homing.test', password: 'alice-password' },
  { user: 'bob@homing.test', password: 'bob-password' },
  { user: 'carol@homing.test', password: 'carol-password' },
];

export interface Servers {
  dovecot: MailServer;
  smtp: SmtpServer;
  close(): Promise<void>;
}

export const startServers = async (opts: StartPostfixOptions = {}): Promise<Servers> => {
  const dovecot = await startDovecot({ users: USERS });
  try {
    const smtp = await startPostfix(dovecot, opts);
    return {
      dovecot,
      smtp,
      close: async () => {
        await smtp.close();
        await dovecot.stop();
      },
    };
  } catch (err) {
    await dovecot.stop();
    throw err;
  }
};

export const passwordOf = (user: string): string => USERS.find((u) => u.user === user)?.password ?? '';

export const smtpSettings = (s: Servers, user: string, over: Partial<ServerSettings> = {}): ServerSettings => ({
  host: '127.0.0.1',
  port: s.smtp.ports.submission,
  security: 'starttls',
  username: user,
  allowCleartextPassword: false,
  ...over,
});

export const account = (s: Servers, user: string, mode: 'imap' | 'pop3', over: Partial<Account> = {}): Account => ({
  id: `acct-${mode}-${user.split('@')[0]}`,
  createdAt: 0,
  name: user.startsWith('alice') ? 'Alice Ärger' : 'Bob Bäcker',
  email: user,
  mode,
  incoming:
    mode === 'imap'
      ? { host: '127.0.0.1', port: s.dovecot.ports.imaps, security: 'tls', username: user, allowCleartextPassword: false }
      : { host: '127.0.0.1', port: s.dovecot.ports.pop3s, security: 'tls', username: user, allowCleartextPassword: false },
  smtp: smtpSettings(s, user),
  ...over,
});

export interface Harness {
  service: ComposeService;
  dataDir: string;
  store: DirectStore;
  accounts: Map<string, Account>;
  outboxEvents: OutboxEntry[][];
  /** A new ComposeService on the same data dir: what an app restart does. */
  restart(): Promise<ComposeService>;
  close(): Promise<void>;
}

/** The compose service as the engine wires it, over the real store writer (fake-indexeddb). */
export const harness = async (s: Servers, accounts: Account[], over: Partial<ComposeServiceDeps> = {}): Promise<Harness> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'homing-compose-'));
  const store = directStore();
  const byId = new Map(accounts.map((a) => [a.id, a]));
  for (const a of accounts) {
    await store.request({
      kind: 'apply',
      batch: {
        id: `setup-${a.id}`,
        accountId: a.id,
        ops: [{ op: 'putAccount', account: a }, ...(a.mode === 'pop3' ? [{ op: 'putFolders' as const, folders: localFoldersFor(a) }] : [])],
      },
    });
  }
  const outboxEvents: OutboxEntry[][] = [];
  const deps = (): ComposeServiceDeps => ({
    dataDir,
    accounts: {
      get: (id) => {
        const a = byId.get(id);
        if (!a) throw new Error(`no account ${id}`);
        return a;
      },
    },
    password: async (id) => passwordOf(byId.get(id)?.email ?? ''),
    store: () => store,
    fetchSource: async () => {
      throw new Error('not stored');
    },
    log,
    onOutboxChange: (entries) => outboxEvents.push(entries),
    smtpExtras: { tlsCa: s.smtp.caCertPem, socketTimeoutMs: 20_000 },
    imapExtras: { tlsCa: s.dovecot.caCertPem },
    schedule: false,
    draftServerIntervalMs: 0,
    ...over,
  });
  const h: Harness = {
    service: await ComposeService.open(deps()),
    dataDir,
    store,
    accounts: byId,
    outboxEvents,
    async restart() {
      await h.service.close();
      h.service = await ComposeService.open(deps());
      return h.service;
    },
    async close() {
      await h.service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
};

/** Another client reading a mailbox over IMAP. */
export const imapClient = async (s: Servers, user: string): Promise<ImapFlow> => {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: s.dovecot.ports.imaps,
    secure: true,
    auth: { user, pass: passwordOf(user) },
    tls: { ca: s.dovecot.caCertPem },
    logger: false,
    disableAutoIdle: true,
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
};

/**
 * A `fetchSource` for the harness: a message's source by its store id
 * (`account/path/uidValidity/uid`), fetched from Dovecot as the IMAP mirror would.
 */
export const imapSourceFetcher =
  (s: Servers, user: string) =>
  async (messageId: string): Promise<Uint8Array> => {
    const [, path, , uid] = /^[^/]+\/(.+)\/(\d+)\/(\d+)$/.exec(messageId) ?? [];
    const client = await imapClient(s, user);
    try {
      const lock = await client.getMailboxLock(path!);
      try {
        const m = await client.fetchOne(uid!, { source: true }, { uid: true });
        if (!m || !m.source) throw new Error(`no message ${messageId}`);
        return m.source;
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => undefined);
    }
  };

/** Every message of one folder as {uid, flags, source}. */
export const folderMessages = async (s: Servers, user: string, path: string) => {
  const client = await imapClient(s, user);
  try {
    const lock = await client.getMailboxLock(path);
    try {
      if (!client.mailbox || client.mailbox.exists === 0) return [];
      const rows = await client.fetchAll('1:*', { uid: true, flags: true, source: true }, { uid: true });
      return rows.map((r) => ({ uid: r.uid, flags: r.flags ?? new Set<string>(), source: r.source ?? Buffer.alloc(0) }));
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
};

/** Every message in a POP3 maildrop, exactly as RETR returns it. */
export const popMessages = async (s: Servers, user: string): Promise<Buffer[]> => {
  const client = await connectAccount(
    { host: '127.0.0.1', port: s.dovecot.ports.pop3s, security: 'tls', username: user, allowCleartextPassword: false },
    passwordOf(user),
    { ca: s.dovecot.caCertPem },
  );
  try {
    const out: Buffer[] = [];
    for (const item of await client.uidl()) out.push(await client.retrToBuffer(item.msgno));
    await client.quit().catch(() => undefined);
    return out;
  } finally {
    client.close();
  }
};

/**
 * The message as Homing built it: strips the lines the MTAs put on top — Dovecot's Return-Path
 * and Postfix's Received (with its folded continuation lines) — and nothing else.
 */
export const withoutTraceHeaders = (delivered: Buffer): Buffer => {
  let at = 0;
  const text = delivered.toString('latin1');
  for (;;) {
    const m = /^(Return-Path|Received):[^\r\n]*\r\n([ \t][^\r\n]*\r\n)*/i.exec(text.slice(at));
    if (!m) break;
    at += m[0].length;
  }
  return delivered.subarray(at);
};

export const withMessageId = (messages: { source: Buffer }[] | Buffer[], messageId: string): number =>
  messages.filter((m) => (Buffer.isBuffer(m) ? m : m.source).toString('latin1').includes(`Message-ID: ${messageId}`)).length;
