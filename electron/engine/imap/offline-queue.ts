import type { HomingError } from '../../contract';
import type { FlagChange } from './flag-reconcile';

/**
 * A change the user made while the server was unreachable. The store already shows it; the
 * server gets it when the connection is back, before the next sync reads server state (so the
 * sync cannot overwrite it). Kept in memory only: the StorePort has no operation to persist it,
 * so changes made offline and not yet replayed are lost if the app quits (the next sync then
 * shows the server's state again, which is consistent, just without those changes).
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

export class OfflineQueue {
  private readonly items: PendingChange[] = [];

  push(change: PendingChange): void {
    this.items.push(change);
  }

  get size(): number {
    return this.items.length;
  }

  /** Removes and returns everything queued, oldest first. */
  take(): PendingChange[] {
    return this.items.splice(0);
  }

  /** Puts changes back at the front (the replay was cut off by another disconnect). */
  restore(changes: PendingChange[]): void {
    this.items.unshift(...changes);
  }
}
