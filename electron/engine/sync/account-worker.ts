import type { Account, AccountStatus, Location, SyncProgress } from '../../contract';
import type { ServerSearchField, ServerSearchResult } from '../../contract/search';
import type { Logger } from '../log';
import type { StorePort } from '../store-port/store-port';

/** What one account's protocol worker (POP3 or IMAP) needs from the engine around it. */
export interface AccountWorkerDeps {
  account: Account;
  /** Read at connect time; never stored by the worker beyond the connection attempt. */
  password: () => Promise<string>;
  store: StorePort;
  status(update: Omit<AccountStatus, 'accountId'>): void;
  progress(update: Omit<SyncProgress, 'accountId'>): void;
  log: Logger;
  /** Free bytes where the store lives; a download that would not fit is refused before it starts. */
  freeDiskBytes: () => Promise<number>;
  /** A folder of this account's own for small durable state (the IMAP offline queue); absent in some tests. */
  stateDir?: string;
  /** Injected so keep-N-days and backoff are tested without sleeping. */
  now: () => number;
}

/**
 * One account's protocol worker, owned by the supervisor (sync/supervisor.ts). Methods throw
 * HomingError with a stable code; the dispatcher turns those into Results.
 */
export interface AccountWorker {
  /** Check for mail now; resolves when this check finished (or rejects with why it failed). */
  syncNow(): Promise<void>;
  fetchSource(messageId: string): Promise<{ bytes: Uint8Array; location: Location }>;
  setFlags(messageIds: string[], change: { seen?: boolean; flagged?: boolean }): Promise<number>;
  move(messageIds: string[], toFolderId: string): Promise<number>;
  delete(messageIds: string[], permanent: boolean): Promise<number>;
  /** The server's mailbox size limit, when the protocol and server report one. */
  getQuota(): Promise<{ usedBytes: number; limitBytes: number } | null>;
  /** A folder of the user's; returns its folder id. */
  createUserFolder(name: string): Promise<string>;
  renameUserFolder(folderId: string, name: string): Promise<string>;
  /** Moves the folder's messages to Trash, then removes it; returns how many were moved. */
  deleteUserFolder(folderId: string): Promise<number>;
  /** UID SEARCH in one folder (IMAP only: a POP3 server cannot search, its mail is all here). */
  searchOnServer?(folderId: string, query: string, field: ServerSearchField): Promise<ServerSearchResult>;
  /** Close connections and timers; pending work is abandoned safely (nothing half-deleted). */
  stop(): Promise<void>;
}

export type AccountWorkerFactory = (deps: AccountWorkerDeps) => AccountWorker;
