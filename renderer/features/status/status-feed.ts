import type { AccountStatus, SyncProgress } from '../../../electron/contract';
import type { HomingClient } from '../../api/client';

/** What the window knows of one account right now (transient, so not in the store). */
export interface AccountLive {
  status?: AccountStatus;
  progress?: SyncProgress;
}

type Schedule = (run: () => void) => void;

/**
 * Engine status and progress events, held outside React and handed to subscribers at most once
 * per animation frame. A POP3 or IMAP sync reports progress for every message or chunk; held in
 * the mail window's state, each one re-rendered the whole window (three panes, a virtual list),
 * thousands of times in a big first sync. Here only the components that show an account's status
 * subscribe (useSyncExternalStore), and a burst of events between two frames costs one render.
 */
export class StatusFeed {
  private readonly live = new Map<string, AccountLive>();
  private readonly listeners = new Set<() => void>();
  private framePending = false;

  constructor(private readonly schedule: Schedule) {}

  status(s: AccountStatus): void {
    this.live.set(s.accountId, { ...this.live.get(s.accountId), status: s });
    this.changed();
  }

  progress(p: SyncProgress): void {
    this.live.set(p.accountId, { ...this.live.get(p.accountId), progress: p });
    this.changed();
  }

  /** The same object until something about the account changed (useSyncExternalStore needs that). */
  get(accountId: string): AccountLive | undefined {
    return this.live.get(accountId);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private changed(): void {
    if (this.framePending) return;
    this.framePending = true;
    this.schedule(() => {
      this.framePending = false;
      for (const listener of [...this.listeners]) listener();
    });
  }
}

const nextFrame: Schedule = (run) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => run());
  else setTimeout(run, 16);
};

const feeds = new WeakMap<HomingClient, StatusFeed>();

/** One feed per client, subscribed to the engine's events for the client's lifetime. */
export const statusFeedFor = (client: HomingClient): StatusFeed => {
  let feed = feeds.get(client);
  if (!feed) {
    const created = new StatusFeed(nextFrame);
    client.on('account:status', (s) => created.status(s));
    client.on('sync:progress', (p) => created.progress(p));
    feeds.set(client, created);
    feed = created;
  }
  return feed;
};
