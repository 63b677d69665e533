import { join } from 'node:path';

import type { ImapFlow } from 'imapflow';

import { type AccountStatus, HomingError, type ImapOptions, imapOptionsSchema, type Location, type SyncBatch } from '../../contract';
import type { ServerSearchField, ServerSearchResult } from '../../contract/search';
import { registerSecret } from '../log';
import type { AccountWorker, AccountWorkerDeps, AccountWorkerFactory } from '../sync/account-worker';
import { type BackoffPolicy, defaultBackoff, nextBackoff } from './backoff';
import { Coalescer } from './coalesce';
import { type ImapConnectExtras, openImapClient } from './connect';
import { deleteMessages } from './delete';
import { defaultTuning, type ImapEnv, type SyncTuning } from './env';
import { toHomingError } from './errors';
import { fetchSource } from './fetch-source';
import { AccountIndex } from './folder-index';
import { forgetFolder, refreshFolders } from './folder-sync';
import { createFolder, deleteFolder, renameFolder, syncOrderOf } from './folders';
import { folderIdOf, folderPathOf } from './ids';
import { MainConnection } from './main-connection';
import { moveMessages, resolveDestination } from './move';
import { OfflineQueue } from './offline-queue';
import { type Quota, readQuota } from './quota';
import { replayPending } from './replay';
import { searchServer, searchServerHeaders } from './search';
import { setFlags } from './set-flags';
import { syncFolder } from './sync-folder';
import { type Priority, TaskQueue } from './task-queue';
import { UserFlagChanges } from './user-flag-changes';
import { InboxWatcher } from './watcher';

/** Optional extras beyond AccountWorkerDeps; every one has a production default. */
export interface ImapWorkerDeps extends AccountWorkerDeps {
  /** An extra trusted CA (PEM), for test servers with self-signed certificates. */
  tlsCa?: string;
  connect?: Omit<ImapConnectExtras, 'tlsCa'>;
  /** Full check of every folder this often (ms); default the account's checkIntervalMinutes, 0 = never. */
  checkIntervalMs?: number;
  backoff?: BackoffPolicy;
  /** [0, 1); injected so reconnect jitter is deterministic in tests. */
  random?: () => number;
  tuning?: Partial<SyncTuning>;
  /** Quiet time after an IDLE event before INBOX is synced, so a burst of events costs one sync. */
  idleDebounceMs?: number;
}

/** The IMAP worker: the AccountWorker contract plus IMAP-only operations. */
export interface ImapWorker extends AccountWorker {
  /** Connects and keeps the mirror live (IDLE, periodic checks, reconnects) until stop(). */
  start(): void;
  syncFolder(path: string): Promise<void>;
  getQuota(): Promise<Quota | null>;
  /** UIDs in `folderPath` whose text matches, newest first. */
  searchServer(folderPath: string, text: string): Promise<number[]>;
  createFolder(path: string): Promise<void>;
  renameFolder(from: string, to: string): Promise<void>;
  deleteFolder(path: string): Promise<void>;
  /** Changes made offline that the server has not received yet (kept in memory only). */
  readonly pendingChanges: number;
}

/** Errors that retrying cannot fix: wait for the user (new password, trusted certificate). */
const needsUser = new Set(['auth_failed', 'untrusted_certificate', 'cleartext_refused', 'tls_failed']);

const CHECK = 'check';

export const createImapWorker = (deps: ImapWorkerDeps): ImapWorker => new ImapMirror(deps);

// Typed check that the extended factory still fits the supervisor's slot.
export const imapWorkerFactory: AccountWorkerFactory = createImapWorker;

class ImapMirror implements ImapWorker {
  private readonly queue = new TaskQueue();
  private readonly pending: OfflineQueue;
  private readonly env: ImapEnv;
  private readonly main: MainConnection;
  private readonly watcher: InboxWatcher;
  private readonly options: ImapOptions;
  private readonly runs = new Coalescer();
  private statesLoaded = false;
  private started = false;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private periodicTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private lastCheckedAt: number | null = null;
  private blockedBy: HomingError | null = null;

  constructor(private readonly deps: ImapWorkerDeps) {
    this.options = imapOptionsSchema.parse(deps.account.imap ?? {});
    this.pending = new OfflineQueue(deps.stateDir ? join(deps.stateDir, 'imap-offline-queue.json') : undefined);
    const host = deps.account.incoming.host;
    this.env = {
      accountId: deps.account.id,
      host,
      log: deps.log,
      now: deps.now,
      progress: deps.progress,
      index: new AccountIndex(),
      states: new Map(),
      folders: new Map(),
      tuning: { ...defaultTuning, ...deps.tuning },
      withClient: (priority, fn) => this.withClient(priority, fn),
      apply: (batch) => this.apply(batch),
      freeDiskBytes: () => deps.freeDiskBytes(),
      readSource: async (messageId) => (await deps.store.request({ kind: 'readSource', messageId }))?.bytes ?? null,
      offline: () => this.options,
      userFlags: new UserFlagChanges(),
    };
    const open = (role: 'main' | 'watch') => async (onClose: () => void) => {
      const password = await deps.password();
      // Second line of defence (invariant 7): should any text ever carry it, the log blanks it.
      registerSecret(password);
      return openImapClient({
        settings: deps.account.incoming,
        password,
        role,
        extras: { ...deps.connect, ...(deps.tlsCa ? { tlsCa: deps.tlsCa } : {}) },
        log: deps.log,
        onClose,
      });
    };
    this.main = new MainConnection({ open: open('main'), onLost: () => this.connectionLost('main') });
    this.watcher = new InboxWatcher({
      open: open('watch'),
      onChange: () => this.inboxChanged(),
      onLost: () => this.connectionLost('watch'),
      log: deps.log,
    });
  }

  get pendingChanges(): number {
    return this.pending.size;
  }

  // ---- lifecycle -------------------------------------------------------------------------

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    void this.check().catch(() => undefined);
  }

  syncNow(): Promise<void> {
    if (this.stopped) return Promise.reject(new HomingError('connection_lost', 'This account is no longer being checked.'));
    this.started = true;
    // The user asked: try now, even while waiting out a backoff or after an auth failure.
    this.blockedBy = null;
    this.clearRetry();
    return this.check();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearRetry();
    for (const t of [this.periodicTimer, this.idleTimer]) if (t) clearTimeout(t);
    this.periodicTimer = null;
    this.idleTimer = null;
    this.queue.clear(new HomingError('connection_lost', 'Mail checking for this account was stopped.'));
    await Promise.allSettled([this.watcher.stop(), this.main.close()]);
    await this.runs.current(CHECK)?.catch(() => undefined);
  }

  // ---- the check cycle --------------------------------------------------------------------

  /** A full check; a request during a running check runs once more after it (never in parallel). */
  private check(): Promise<void> {
    return this.runs.run(CHECK, () => this.runCheck());
  }

  private async runCheck(): Promise<void> {
    this.status('checking', null, 'Checking for mail');
    try {
      await this.main.connect();
      if (!this.statesLoaded) {
        const states = await this.deps.store.request({ kind: 'readImapFolderStates', accountId: this.env.accountId });
        for (const s of states) {
          const path = folderPathOf(this.env.accountId, s.folderId);
          if (path !== null) this.env.states.set(path, s);
        }
        this.statesLoaded = true;
      }
      // Offline changes go out before anything is read back, so the sync cannot undo them.
      await replayPending(this.env, this.pending);
      const listing = await refreshFolders(this.env);
      for (const folder of syncOrderOf(listing.folders)) {
        if (!listing.selectable.has(folder.path)) continue;
        await this.syncFolderTolerant(folder.path);
        // Push starts as soon as INBOX is mirrored, not after a long first sync of every folder.
        if (folder.role === 'inbox') await this.startWatcher();
      }
      await this.startWatcher();
      this.attempt = 0;
      this.lastCheckedAt = this.deps.now();
      const next = this.schedulePeriodic();
      this.status('online', null, null, next);
      this.deps.progress({ phase: 'done', done: 0, total: 0, bytes: 0 });
    } catch (err) {
      throw this.checkFailed(err);
    }
  }

  /**
   * IDLE needs a second connection. A server that refuses it (connection limits) still gets a
   * working account: INBOX then updates with the periodic check instead of within seconds.
   */
  private async startWatcher(): Promise<void> {
    if (this.watcher.running) return;
    try {
      await this.watcher.start();
    } catch (err) {
      const e = toHomingError(err, this.env.host);
      if (needsUser.has(e.code)) throw e;
      this.deps.log.warn(`imap ${this.env.accountId}: no IDLE connection (${e.code}); INBOX updates with the periodic check`);
    }
  }

  private checkFailed(err: unknown): HomingError {
    const e = toHomingError(err, this.env.host);
    if (this.stopped) return e;
    this.deps.log.warn(`imap ${this.env.accountId}: check failed: ${e.code}: ${e.message}`);
    if (needsUser.has(e.code)) {
      // No retry loop: a wrong password retried forever gets the account locked by the provider.
      this.blockedBy = e;
      this.status('error', e, null);
      void this.watcher.stop();
      void this.main.close();
      return e;
    }
    this.scheduleRetry(e);
    return e;
  }

  private scheduleRetry(cause: HomingError): void {
    if (this.stopped || this.blockedBy || this.retryTimer) return;
    const delay = nextBackoff(this.attempt, (this.deps.random ?? Math.random)(), this.deps.backoff ?? defaultBackoff);
    this.attempt++;
    const at = this.deps.now() + delay;
    this.status('reconnecting', cause, 'Waiting to reconnect', at);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.check().catch(() => undefined);
    }, delay);
    this.retryTimer.unref?.();
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private connectionLost(which: 'main' | 'watch'): void {
    if (this.stopped || this.blockedBy) return;
    this.deps.log.warn(`imap ${this.env.accountId}: ${which} connection lost`);
    // A running check fails on its own and schedules the retry; otherwise schedule it here.
    if (!this.runs.current(CHECK)) this.scheduleRetry(new HomingError('connection_lost', `The connection to ${this.env.host} was lost.`));
    if (which === 'main') void this.watcher.stop();
  }

  /** Arms the next full check; returns when it will run (null: none scheduled). */
  private schedulePeriodic(): number | null {
    if (this.periodicTimer) clearTimeout(this.periodicTimer);
    this.periodicTimer = null;
    const ms = this.deps.checkIntervalMs ?? this.options.checkIntervalMinutes * 60_000;
    if (this.stopped || ms <= 0) return null;
    this.periodicTimer = setTimeout(() => {
      this.periodicTimer = null;
      void this.check().catch(() => undefined);
    }, ms);
    this.periodicTimer.unref?.();
    return this.deps.now() + ms;
  }

  private inboxChanged(): void {
    if (this.stopped) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.syncFolderSerial('INBOX').catch((err: unknown) => this.backgroundFailed(err));
    }, this.deps.idleDebounceMs ?? 250);
    this.idleTimer.unref?.();
  }

  private backgroundFailed(err: unknown): void {
    if (this.stopped) return;
    const e = toHomingError(err, this.env.host);
    this.deps.log.warn(`imap ${this.env.accountId}: background work failed: ${e.code}: ${e.message}`);
    if (!this.main.current()) this.scheduleRetry(e);
  }

  /**
   * A folder that cannot be synced (deleted between LIST and SELECT, refused) must not stop the
   * others; only a lost connection or store ends the check.
   */
  private async syncFolderTolerant(path: string): Promise<void> {
    try {
      await this.syncFolderSerial(path);
    } catch (err) {
      const e = toHomingError(err, this.env.host);
      if (!['not_found', 'server_refused', 'protocol_error'].includes(e.code) || !this.main.current()) throw e;
      this.deps.log.warn(`imap ${this.env.accountId}: skipped folder ${path}: ${e.code}: ${e.message}`);
    }
  }

  /** One sync per folder at a time; a request while one runs is served by one more run after it. */
  private syncFolderSerial(path: string): Promise<void> {
    return this.runs.run(`folder:${path}`, async () => {
      const r = await syncFolder(this.env, path);
      if (r.added || r.removed || r.changed) this.deps.log.info(`imap: ${path}: ${r.plan}, +${r.added} -${r.removed} ~${r.changed}`);
    });
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private withClient<T>(priority: Priority, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
    return this.queue.run(priority, async () => {
      const client = this.main.current();
      if (!client) throw new HomingError('connection_lost', `Not connected to ${this.env.host} right now.`);
      try {
        return await fn(client);
      } catch (err) {
        throw toHomingError(err, this.env.host);
      }
    });
  }

  private async apply(batch: SyncBatch): Promise<void> {
    if (batch.ops.length === 0) return;
    await this.deps.store.request({ kind: 'apply', batch });
  }

  private status(state: AccountStatus['state'], error: HomingError | null, detail: string | null, nextCheckAt: number | null = null): void {
    this.deps.status({ state, lastCheckedAt: this.lastCheckedAt, nextCheckAt, error: error ? error.toAppError() : null, detail });
  }

  // ---- user operations --------------------------------------------------------------------

  fetchSource(messageId: string): Promise<{ bytes: Uint8Array; location: Location }> {
    return fetchSource(this.env, messageId);
  }

  setFlags(messageIds: string[], change: { seen?: boolean; flagged?: boolean }): Promise<number> {
    return setFlags(this.env, this.pending, messageIds, change);
  }

  async move(messageIds: string[], toFolderId: string): Promise<number> {
    const toPath = resolveDestination(this.env, toFolderId);
    const out = await moveMessages(this.env, this.pending, messageIds, toPath);
    if (out.syncDestination) void this.syncFolderSerial(toPath).catch((err: unknown) => this.backgroundFailed(err));
    return out.moved;
  }

  delete(messageIds: string[], permanent: boolean): Promise<number> {
    return deleteMessages(this.env, this.pending, messageIds, permanent, {
      trashPath: () => this.trashPath(),
      move: (ids, toPath) => this.move(ids, folderIdOf(this.env.accountId, toPath)),
    });
  }

  /** The Trash folder by SPECIAL-USE (or name), created when the server has none. */
  private async trashPath(): Promise<string> {
    const found = [...this.env.folders.values()].find((f) => f.role === 'trash');
    if (found) return found.path;
    await this.withClient('user', (client) => createFolder(client, 'Trash'));
    await refreshFolders(this.env);
    const created = [...this.env.folders.values()].find((f) => f.role === 'trash' || f.path === 'Trash');
    if (!created) throw new HomingError('server_refused', 'The server has no Trash folder and did not let Homing create one.');
    return created.path;
  }

  syncFolder(path: string): Promise<void> {
    return this.syncFolderSerial(path);
  }

  async getQuota(): Promise<Quota | null> {
    // Asked from the storage view, possibly before the first check connected.
    await this.main.connect();
    return this.withClient('user', (client) => readQuota(client));
  }

  searchServer(folderPath: string, text: string): Promise<number[]> {
    return this.withClient('user', (client) => searchServer(client, folderPath, text));
  }

  async searchOnServer(folderId: string, query: string, field: ServerSearchField): Promise<ServerSearchResult> {
    return searchServerHeaders(this.env, this.pathOf(folderId), query, field, () =>
      this.deps.store.request({ kind: 'readFolderMessageIds', folderId }),
    );
  }

  async createFolder(path: string): Promise<void> {
    await this.withClient('user', (client) => createFolder(client, path));
    await refreshFolders(this.env);
  }

  async renameFolder(from: string, to: string): Promise<void> {
    await this.withClient('user', (client) => renameFolder(client, from, to));
    // Message ids contain the path, so the renamed folder's cache is rebuilt under the new path.
    await forgetFolder(this.env, from);
    await refreshFolders(this.env);
    await this.syncFolderSerial(to);
  }

  async deleteFolder(path: string): Promise<void> {
    await this.withClient('user', (client) => deleteFolder(client, path));
    await forgetFolder(this.env, path);
    await refreshFolders(this.env);
  }

  // ---- the folder commands of the contract (folder ids, top-level names) ----------------

  private pathOf(folderId: string): string {
    const path = folderPathOf(this.env.accountId, folderId);
    if (path === null || !this.env.folders.has(path)) throw new HomingError('not_found', 'That folder is not on this account.');
    return path;
  }

  async createUserFolder(name: string): Promise<string> {
    await this.createFolder(name);
    return folderIdOf(this.env.accountId, name);
  }

  async renameUserFolder(folderId: string, name: string): Promise<string> {
    const from = this.pathOf(folderId);
    const role = this.env.folders.get(from)?.role;
    if (role && role !== 'custom')
      throw new HomingError('invalid_input', 'Inbox, Sent, Drafts, Trash and the other special folders keep their names.');
    const cut = Math.max(from.lastIndexOf('/'), from.lastIndexOf('.'));
    const to = cut === -1 ? name : `${from.slice(0, cut + 1)}${name}`;
    await this.renameFolder(from, to);
    return folderIdOf(this.env.accountId, to);
  }

  async deleteUserFolder(folderId: string): Promise<number> {
    const path = this.pathOf(folderId);
    if (this.env.folders.get(path)?.role !== 'custom') throw new HomingError('invalid_input', 'Only folders you made can be deleted.');
    // Deleting a folder on the server deletes its mail; move it to Trash first, as Thunderbird does.
    const ids = await this.deps.store.request({ kind: 'readFolderMessageIds', folderId });
    if (ids.length > 0) await this.delete(ids, false);
    await this.deleteFolder(path);
    return ids.length;
  }
}
