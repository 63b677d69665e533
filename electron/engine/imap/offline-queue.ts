import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

import type { HomingError } from '../../contract';
import type { FlagChange } from './flag-reconcile';

/**
 * A change the user made while the server was unreachable. The store already shows it; the
 * server gets it when the connection is back, before the next sync reads server state (so the
 * sync cannot overwrite it). The queue is kept in a file of the account's state folder, so
 * quitting the app while offline loses nothing; replay is at-least-once (flag changes and moves
 * of messages already moved are harmless to repeat).
 */
export type PendingChange =
  | { kind: 'flags'; ids: string[]; change: FlagChange }
  | { kind: 'move'; ids: string[]; toPath: string }
  | { kind: 'expunge'; ids: string[] };

/** Errors after which a change is kept for later instead of rolled back. */
const offlineCodes = new Set([
  'connection_lost',
  'timeout',
  'host_not_found',
  'connection_refused',
  'tls_failed',
  'untrusted_certificate',
  'auth_failed',
  'cleartext_refused',
]);

export const isOfflineError = (err: HomingError): boolean => offlineCodes.has(err.code);

/** Small synchronous write-then-rename: the queue changes on user actions, a few entries at a time. */
const writeAtomicSync = (path: string, text: string) => {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
};

export class OfflineQueue {
  private readonly items: PendingChange[] = [];

  /** Without a file (tests), the queue lives in memory only. */
  constructor(private readonly file?: string) {
    if (!file) return;
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (Array.isArray(saved)) this.items.push(...(saved as PendingChange[]));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  push(change: PendingChange): void {
    this.items.push(change);
    this.persist();
  }

  /** Records the queue as it now is; called after a replay finished. */
  persist(): void {
    if (this.file) writeAtomicSync(this.file, JSON.stringify(this.items));
  }

  get size(): number {
    return this.items.length;
  }

  /**
   * Removes and returns everything queued, oldest first. The file keeps them until `persist()`
   * after the replay, so a crash mid-replay replays them again rather than losing them.
   */
  take(): PendingChange[] {
    return this.items.splice(0);
  }

  /** Puts changes back at the front (the replay was cut off by another disconnect). */
  restore(changes: PendingChange[]): void {
    this.items.unshift(...changes);
    this.persist();
  }
}
