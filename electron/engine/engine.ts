import { mkdir, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';

import { type Account, type AccountMode, HomingError, type SyncOp } from '../contract';
import { AccountRepo } from './accounts/account-repo';
import type { DiscoveryOptions } from './accounts/autoconfig/discovery-config';
import { createWizardHandlers } from './accounts/autoconfig/wizard-handlers';
import { localFoldersFor } from './accounts/local-folders';
import { savedPasswordMayGoAll } from './accounts/probe/retest-account';
import { type ConnectionTester, signInLimits, testAccount } from './accounts/test-account';
import { createDispatch, type Dispatch, type Handlers } from './api/dispatch';
import { coalescedSink } from './coalesced-sink';
import { ComposeService } from './compose/compose-service';
import type { EventSink } from './events';
import { externalLink } from './external-link';
import { tuneHeapForStreaming } from './heap-tuning';
import { type Logger, registerSecret } from './log';
import { ParsePool } from './mime/parse-pool';
import { toEntry } from './outbox/outbox-state';
import { protocolFactories, protocolTesters } from './protocols';
import { fetchRemote, type RemoteFetchOptions } from './remote/fetch-remote';
import type { SecretStore } from './secrets/secret-store';
import { StoreHub } from './store-port/store-hub';
import type { AccountWorkerFactory } from './sync/account-worker';
import { Supervisor } from './sync/supervisor';

export interface EngineOptions {
  dataDir: string;
  sink: EventSink;
  secrets: SecretStore;
  log: Logger;
  transport: 'electron' | 'browser';
  version?: string;
  /** Protocol workers by mode (default: this build's, see protocols.ts); a mode without one answers `not_implemented`. */
  factories?: Partial<Record<AccountMode, AccountWorkerFactory>>;
  testers?: Partial<Record<AccountMode, ConnectionTester>>;
  now?: () => number;
  schedule?: boolean;
  storeTimeoutMs?: number;
  /** Tests simulate a full disk here; by default the data directory's file system is asked. */
  freeDiskBytes?: () => Promise<number>;
  /** Where the setup wizard looks for server settings (tests point it at local DNS/HTTP servers). */
  discovery?: DiscoveryOptions;
  /** Hands a checked http(s)/mailto URL to the system (Electron: shell.openExternal). */
  openExternal?: (url: string) => Promise<void>;
  /** Limits of `remote:fetch` (tests and e2e pass `{ allowPrivateAddresses: true }` for their 127.0.0.1 servers). */
  remoteFetch?: Partial<RemoteFetchOptions>;
}

export interface Engine {
  dispatch: Dispatch;
  /** A renderer went away (window closed, socket dropped). */
  clientGone(clientId: string): void;
  dispose(): Promise<void>;
}

const accountOps = (account: Account): SyncOp[] => [
  { op: 'putAccount', account },
  ...(account.mode === 'pop3' ? [{ op: 'putFolders' as const, folders: localFoldersFor(account) }] : []),
];

export const createEngine = async (opts: EngineOptions): Promise<Engine> => {
  tuneHeapForStreaming();
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const now = opts.now ?? Date.now;
  const repo = await AccountRepo.open(opts.dataDir);
  const sink = coalescedSink(opts.sink);
  const hub = new StoreHub(sink, opts.storeTimeoutMs);
  const parser = new ParsePool();
  const supervisor = new Supervisor({
    factories: opts.factories ?? protocolFactories,
    store: hub,
    secrets: opts.secrets,
    sink,
    log: opts.log,
    now,
    schedule: opts.schedule ?? true,
    stateRoot: join(opts.dataDir, 'accounts'),
    freeDiskBytes:
      opts.freeDiskBytes ??
      (async () => {
        const fs = await statfs(opts.dataDir);
        return fs.bavail * fs.bsize;
      }),
  });
  // Known secrets are blanked from every log line, whatever code path would print them.
  for (const account of repo.list()) {
    const secret = await opts.secrets.get(account.id);
    if (secret) registerSecret(secret);
    supervisor.start(account);
  }

  const announce = () => sink.broadcast('accounts:changed', { accounts: repo.list() });
  const workerFor = (messageIds: string[]) => {
    const accountIds = new Set(messageIds.map((id) => id.slice(0, id.indexOf('/'))));
    if (accountIds.size !== 1) throw new HomingError('invalid_input', 'Select messages of one account at a time for this action.');
    const [accountId] = accountIds;
    repo.get(accountId!);
    return supervisor.worker(accountId!);
  };
  const requireMode = (mode: AccountMode) => {
    if (!supervisor.supports(mode)) {
      throw new HomingError('not_implemented', `${mode === 'imap' ? 'IMAP' : 'POP3'} accounts are not available in this build yet.`);
    }
  };

  // Writing and sending (drafts, Outbox, Sent copies). Opened after the supervisor so sends that
  // were queued before a restart can read sources and nudge the IMAP mirror.
  const compose = await ComposeService.open({
    dataDir: opts.dataDir,
    accounts: { get: (id) => repo.get(id) },
    password: async (accountId) => {
      const secret = await opts.secrets.get(accountId);
      if (secret === null) throw new HomingError('auth_failed', 'No password is saved for this account. Enter it in the account settings.');
      registerSecret(secret);
      return secret;
    },
    store: () => (hub.attached ? hub : null),
    fetchSource: async (messageId) => (await workerFor([messageId]).fetchSource(messageId)).bytes,
    log: opts.log,
    now,
    onOutboxChange: (entries) => sink.broadcast('outbox:changed', { entries }),
    // After an APPEND or STORE by the composer, the IMAP mirror syncs that folder at once.
    folderChanged: (accountId, path) => {
      try {
        const worker = supervisor.worker(accountId) as { syncFolder?: (path: string) => Promise<void> };
        void worker.syncFolder?.(path).catch(() => undefined);
      } catch {
        // No running worker for this account (removed, or its mode is not in this build).
      }
    },
    schedule: opts.schedule ?? true,
  });

  const testers = opts.testers ?? protocolTesters;
  const limits = signInLimits(opts.discovery);
  const wizard = createWizardHandlers({
    ...(opts.discovery ? { options: opts.discovery } : {}),
    log: opts.log,
    progress: (clientId, progress) => void sink.sendTo(clientId, 'accounts:discoverProgress', progress),
    available: () => ({ imap: supervisor.supports('imap'), pop3: supervisor.supports('pop3') }),
    retest: {
      getAccount: (id) => repo.get(id),
      secrets: opts.secrets,
      test: (settings, password) => testAccount(settings, password, testers, limits),
    },
  });

  const handlers: Handlers = {
    ...wizard.handlers,
    'app:info': async () => ({ version: opts.version ?? '0.1.0', transport: opts.transport, dataDir: opts.dataDir }),
    'app:reportError': async ({ where, message, stack }) => {
      opts.log.error(`window: ${where} failed to draw: ${message}${stack ? `\n${stack}` : ''}`);
      return { logged: true as const };
    },
    'app:openExternal': async ({ url }) => {
      const link = externalLink(url);
      if (!opts.openExternal) throw new HomingError('not_implemented', 'This window opens links itself.');
      await opts.openExternal(link);
      return { opened: true as const };
    },
    'remote:fetch': async ({ urls }) => ({ items: await fetchRemote(urls, opts.remoteFetch, opts.log) }),
    'accounts:list': async () => repo.list(),
    'accounts:add': async ({ settings, password }) => {
      requireMode(settings.mode);
      registerSecret(password);
      const account = await repo.add(settings, now());
      try {
        await opts.secrets.set(account.id, password);
      } catch (err) {
        await repo.remove(account.id);
        throw err;
      }
      if (hub.attached)
        await hub.request({ kind: 'apply', batch: { id: `account-${account.id}`, accountId: account.id, ops: accountOps(account) } });
      supervisor.start(account);
      announce();
      if (hub.attached) void supervisor.syncNow(account.id).catch(() => undefined);
      return account;
    },
    'accounts:update': async ({ accountId, settings, password }) => {
      const old = repo.get(accountId);
      if (old.mode !== settings.mode) {
        throw new HomingError(
          'invalid_input',
          'An account cannot switch between IMAP and POP3 in place; add it again with the other mode.',
        );
      }
      // Never send the saved password to a server the user has not typed it for.
      if (!password && !savedPasswordMayGoAll(old, settings)) {
        throw new HomingError(
          'invalid_input',
          'These settings point to a different server or user name. Type the password again to use it there.',
          { needs: 'password' },
        );
      }
      if (password) {
        registerSecret(password);
        await opts.secrets.set(accountId, password);
      }
      await supervisor.stop(accountId);
      const account = await repo.update(accountId, settings);
      if (hub.attached)
        await hub.request({
          kind: 'apply',
          batch: { id: `account-${account.id}-${now()}`, accountId, ops: [{ op: 'putAccount', account }] },
        });
      supervisor.start(account);
      announce();
      return account;
    },
    'accounts:remove': async ({ accountId }) => {
      repo.get(accountId);
      await supervisor.stop(accountId);
      if (hub.attached)
        await hub.request({
          kind: 'apply',
          batch: { id: `remove-${accountId}`, accountId: null, ops: [{ op: 'removeAccount', accountId }] },
        });
      await repo.remove(accountId);
      await opts.secrets.delete(accountId);
      await rm(join(opts.dataDir, 'accounts', accountId), { recursive: true, force: true });
      announce();
      return { removed: true as const };
    },
    'accounts:test': async ({ settings, password }) => {
      registerSecret(password);
      return testAccount(settings, password, testers, limits);
    },
    'sync:now': async ({ accountId }) => {
      const ids = accountId ? [repo.get(accountId).id] : repo.list().map((a) => a.id);
      if (!hub.attached) throw new HomingError('store_unavailable', 'No Homing window is open to hold the local store.');
      const started = ids.filter((id) => supervisor.supports(repo.get(id).mode));
      for (const id of started) void supervisor.syncNow(id).catch(() => undefined);
      return { started };
    },
    'store:attach': async (_input, ctx) => {
      hub.attach(ctx.clientId);
      const accounts = repo.list();
      if (accounts.length > 0) {
        await hub.request({ kind: 'apply', batch: { id: `attach-${now()}`, accountId: null, ops: accounts.flatMap(accountOps) } });
        for (const a of accounts) if (supervisor.supports(a.mode)) void supervisor.syncNow(a.id).catch(() => undefined);
      }
      return { attached: true as const };
    },
    'store:respond': async ({ requestId, result }, ctx) => ({ received: hub.respond(ctx.clientId, requestId, result) }),
    'mime:parse': async ({ bytes }) => parser.parse(bytes),
    'message:fetchSource': async ({ messageId }) => workerFor([messageId]).fetchSource(messageId),
    'message:setFlags': async ({ messageIds, seen, flagged }) => ({
      queued: await workerFor(messageIds).setFlags(messageIds, {
        ...(seen === undefined ? {} : { seen }),
        ...(flagged === undefined ? {} : { flagged }),
      }),
    }),
    'message:move': async ({ messageIds, toFolderId }) => ({ queued: await workerFor(messageIds).move(messageIds, toFolderId) }),
    'account:quota': async ({ accountId }) => supervisor.worker(repo.get(accountId).id).getQuota(),
    'folder:create': async ({ accountId, name }) => ({ folderId: await supervisor.worker(repo.get(accountId).id).createUserFolder(name) }),
    'folder:rename': async ({ folderId, name }) => ({ folderId: await workerFor([folderId]).renameUserFolder(folderId, name) }),
    'folder:delete': async ({ folderId }) => ({ movedToTrash: await workerFor([folderId]).deleteUserFolder(folderId) }),
    'message:delete': async ({ messageIds, permanent }) => ({ queued: await workerFor(messageIds).delete(messageIds, permanent) }),
    'search:server': async ({ folderId, query, field }) => {
      const worker = workerFor([folderId]);
      if (!worker.searchOnServer)
        throw new HomingError('invalid_input', 'Only IMAP accounts can search the server; POP3 mail is all here.');
      return worker.searchOnServer(folderId, query, field);
    },
    'compose:start': async ({ accountId, mode, messageId }) => compose.start(accountId, mode, messageId),
    'compose:save': async ({ draft }) => compose.save(draft),
    'compose:addAttachment': async ({ draftId, filename, contentType, bytes }) =>
      compose.addAttachment(draftId, filename, contentType, bytes),
    'compose:removeAttachment': async ({ draftId, attachmentId }) => ({ removed: await compose.removeAttachment(draftId, attachmentId) }),
    'compose:listDrafts': async () => compose.listDrafts(),
    'compose:open': async ({ draftId }) => compose.open(draftId),
    'compose:discard': async ({ draftId }) => {
      await compose.discard(draftId);
      return { discarded: true as const };
    },
    'compose:send': async ({ draft }) => compose.send(draft),
    'compose:limits': async ({ accountId }) => compose.limits(accountId),
    'compose:fromMessage': async ({ messageId }) => compose.fromMessage(messageId),
    'outbox:list': async () => compose.outbox.list(),
    'outbox:retry': async ({ outboxId, confirmResend }) => toEntry(await compose.outbox.retry(outboxId, confirmResend)),
    'outbox:cancel': async ({ outboxId }) => ({ draftId: await compose.outbox.cancel(outboxId) }),
    'outbox:markSent': async ({ outboxId }) => toEntry(await compose.outbox.markSent(outboxId)),
  };

  return {
    dispatch: createDispatch(handlers, opts.log),
    clientGone: (clientId) => {
      wizard.clientGone(clientId);
      hub.detach(clientId);
    },
    dispose: async () => {
      await compose.close();
      wizard.dispose();
      await supervisor.stopAll();
      await parser.close();
      sink.stop();
    },
  };
};

export const defaultDataDir = (home: string): string => join(home, '.homing');
