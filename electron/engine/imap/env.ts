import type { ImapFlow } from 'imapflow';

import type { Folder, ImapFolderState, ImapOptions, SyncBatch } from '../../contract';
import type { Logger } from '../log';
import type { AccountWorkerDeps } from '../sync/account-worker';
import type { AccountIndex } from './folder-index';
import type { Priority } from './task-queue';
import type { UserFlagChanges } from './user-flag-changes';

/** Batch sizes: the first screenful lands fast, the rest in store-friendly batches. */
export interface SyncTuning {
  /** Newest messages committed first, so the list fills while the rest downloads. */
  firstChunk: number;
  chunk: number;
  /** Most ids (removals, patches) in one store transaction. */
  idsPerBatch: number;
  /** Most offline bodies, and bytes of them, in one FETCH and one store transaction. */
  bodiesPerBatch: number;
  bodyBytesPerBatch: number;
  /** Store batches sent but not yet acknowledged, at most (new-messages.ts). */
  commitsInFlight: number;
}

export const defaultTuning: SyncTuning = {
  firstChunk: 50,
  chunk: 500,
  idsPerBatch: 5_000,
  // As POP3's batches. Alternated 10,000-message mirrors, 250 / 16 MB → 500 / 24 MB: Chromium's
  // CPU 4.8 → 4.2 s (medians of 5; half the transactions, pickups and FETCHes), the mirror 5.8 → 5.6 s.
  bodiesPerBatch: 500,
  bodyBytesPerBatch: 24 * 1024 * 1024,
  commitsInFlight: 2,
};

/** Everything an IMAP operation needs from the worker around it; one per account. */
export interface ImapEnv {
  accountId: string;
  host: string;
  log: Logger;
  now: () => number;
  progress: AccountWorkerDeps['progress'];
  /** What this run knows is in the store, per folder (the StorePort cannot list messages). */
  index: AccountIndex;
  /** Stored ImapFolderState by folder path, read once per run and kept in step with every write. */
  states: Map<string, ImapFolderState>;
  /** The latest folder listing by path. */
  folders: Map<string, Folder>;
  tuning: SyncTuning;
  /** Runs `fn` as one queued task on the main connection; rejects with connection_lost when offline. */
  withClient<T>(priority: Priority, fn: (client: ImapFlow) => Promise<T>): Promise<T>;
  /** Commits one batch; resolves only after the store's durable commit. */
  apply(batch: SyncBatch): Promise<void>;
  /** Free bytes where the store lives (AccountWorkerDeps.freeDiskBytes). */
  freeDiskBytes(): Promise<number>;
  /** The stored source of a message, or null. */
  readSource(messageId: string): Promise<Uint8Array | null>;
  /** The account's offline policy: which bodies a sync downloads with their headers. */
  offline(): Pick<ImapOptions, 'offline' | 'attachmentCapKb'>;
  /** The user's flag changes, so rows fetched before one never undo it (user-flag-changes.ts). */
  userFlags: UserFlagChanges;
}
