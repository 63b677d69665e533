import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { type Account, type AccountMode, type AccountStatus, HomingError } from '../../contract';
import type { EventSink } from '../events';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets/secret-store';
import type { StorePort } from '../store-port/store-port';
import type { AccountWorker, AccountWorkerFactory } from './account-worker';

interface Entry {
  account: Account;
  worker: AccountWorker;
  running: Promise<void> | null;
  timer: NodeJS.Timeout | null;
  lastCheckedAt: number | null;
}

export interface SupervisorOptions {
  factories: Partial<Record<AccountMode, AccountWorkerFactory>>;
  store: StorePort;
  secrets: SecretStore;
  sink: EventSink;
  log: Logger;
  now?: () => number;
  freeDiskBytes: () => Promise<number>;
  /** Where each account's small durable state lives: `<stateRoot>/<accountId>/`. */
  stateRoot?: string;
  /** Scheduled checks are off in tests that drive syncs by hand. */
  schedule?: boolean;
}

const ensureDir = (dir: string): string => {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
};

const intervalMinutes = (account: Account): number =>
  account.mode === 'pop3' ? (account.pop3?.checkIntervalMinutes ?? 10) : (account.imap?.checkIntervalMinutes ?? 5);

/**
 * One worker per account; at most one check per account at a time (a second "check now" joins the
 * running one instead of opening a second POP3 session, which servers refuse with [IN-USE]).
 */
export class Supervisor {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly opts: SupervisorOptions) {
    this.now = opts.now ?? Date.now;
  }

  supports(mode: AccountMode): boolean {
    return Boolean(this.opts.factories[mode]);
  }

  start(account: Account): void {
    const factory = this.opts.factories[account.mode];
    if (!factory) return;
    const status = (update: Omit<AccountStatus, 'accountId'>) =>
      this.opts.sink.broadcast('account:status', { accountId: account.id, ...update });
    const worker = factory({
      account,
      password: async () => {
        const secret = await this.opts.secrets.get(account.id);
        if (secret === null)
          throw new HomingError('auth_failed', 'No password is saved for this account. Enter it in the account settings.');
        return secret;
      },
      store: this.opts.store,
      status,
      progress: (p) => this.opts.sink.broadcast('sync:progress', { accountId: account.id, ...p }),
      log: this.opts.log,
      now: this.now,
      freeDiskBytes: this.opts.freeDiskBytes,
      ...(this.opts.stateRoot ? { stateDir: ensureDir(join(this.opts.stateRoot, account.id)) } : {}),
    });
    this.entries.set(account.id, { account, worker, running: null, timer: null, lastCheckedAt: null });
    this.scheduleNext(account.id);
  }

  async stop(accountId: string): Promise<void> {
    const entry = this.entries.get(accountId);
    if (!entry) return;
    this.entries.delete(accountId);
    if (entry.timer) clearTimeout(entry.timer);
    await entry.running?.catch(() => undefined);
    await entry.worker.stop();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.stop(id)));
  }

  worker(accountId: string): AccountWorker {
    const entry = this.entries.get(accountId);
    if (!entry) throw new HomingError('not_implemented', 'Mail checking for this kind of account is not available in this build.');
    return entry.worker;
  }

  /** Starts (or joins) a check; resolves when it ends. Failures are reported as status, and rethrown. */
  syncNow(accountId: string): Promise<void> {
    const entry = this.entries.get(accountId);
    if (!entry) return Promise.reject(new HomingError('not_found', 'That account has no running mail checker.'));
    if (entry.running) return entry.running;
    if (entry.timer) clearTimeout(entry.timer);
    entry.running = entry.worker
      .syncNow()
      .then(() => {
        entry.lastCheckedAt = this.now();
      })
      .catch((err: unknown) => {
        const error =
          err instanceof HomingError ? err.toAppError() : { code: 'internal' as const, message: 'The mail check failed unexpectedly.' };
        this.opts.log.warn(`check of ${accountId} failed: ${error.code}: ${error.message}`);
        this.opts.sink.broadcast('log:error', { accountId, error });
        throw err;
      })
      .finally(() => {
        entry.running = null;
        this.scheduleNext(accountId);
      });
    return entry.running;
  }

  private scheduleNext(accountId: string): void {
    const entry = this.entries.get(accountId);
    if (!entry || this.opts.schedule === false) return;
    const ms = intervalMinutes(entry.account) * 60_000;
    entry.timer = setTimeout(() => void this.syncNow(accountId).catch(() => undefined), ms);
    entry.timer.unref();
  }
}
