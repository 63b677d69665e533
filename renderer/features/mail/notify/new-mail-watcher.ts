import type { AccountStatus } from '../../../../electron/contract';
import type { Arrival } from '../../../store/arrivals';

export interface WatcherDeps {
  /** Called once per account per check with that check's arrivals (decide with noticesFor). */
  flush(accountId: string, arrivals: Arrival[], firstSync: boolean): void;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
  /** Quiet time after the last arrival (or the end of a check) before a check counts as over. */
  quietMs?: number;
}

type Phase = 'unknown' | 'first-sync' | 'armed';

/**
 * Groups arrivals into checks, one notification each, and knows which account is in its first
 * sync. A check is over when the account is not checking and no arrival came for `quietMs`: an
 * IMAP push (IDLE) syncs INBOX without a "checking" status, and an arrival can reach the window a
 * moment after the status that ends its check (they travel different channels).
 *
 * First sync: an account that had no mail stored when the window began watching it, or that was
 * added while it is open, downloads old mail; its arrivals stay silent until its first check ends.
 */
export class NewMailWatcher {
  private readonly phase = new Map<string, Phase>();
  private readonly pending = new Map<string, Arrival[]>();
  private readonly checking = new Set<string>();
  private readonly timers = new Map<string, unknown>();
  private readonly checkEnded = new Set<string>();
  private readonly quietMs: number;

  constructor(private readonly deps: WatcherDeps) {
    this.quietMs = deps.quietMs ?? 1_500;
  }

  /** Starts watching an account; `hadMail`: it had messages stored before anything arrived. */
  watch(accountId: string, hadMail: boolean): void {
    const known = this.phase.get(accountId);
    if (known === 'armed' || known === 'first-sync') return;
    // Mail arrived before we knew (known === 'unknown'): the store may have been filling from
    // empty, and `hadMail` may count it; stay silent until a check ends.
    this.phase.set(accountId, hadMail && known === undefined ? 'armed' : 'first-sync');
  }

  arrived(arrivals: readonly Arrival[]): void {
    for (const a of arrivals) {
      // Appended in place: a first sync of 100,000 messages arrives in batches into one list, and
      // copying it for each arrival was quadratic (10,000 arrivals: 0.1 s of the window's thread).
      const list = this.pending.get(a.accountId);
      if (list) list.push(a);
      else this.pending.set(a.accountId, [a]);
      if (!this.phase.has(a.accountId)) this.phase.set(a.accountId, 'unknown');
    }
    for (const accountId of new Set(arrivals.map((a) => a.accountId))) this.restartQuiet(accountId);
  }

  status(s: AccountStatus): void {
    if (s.state === 'checking') {
      this.checking.add(s.accountId);
      this.stopQuiet(s.accountId);
      return;
    }
    const wasChecking = this.checking.delete(s.accountId);
    if (wasChecking && s.lastCheckedAt !== null) this.checkEnded.add(s.accountId);
    if (wasChecking || this.pending.has(s.accountId)) this.restartQuiet(s.accountId);
  }

  stop(): void {
    for (const timer of this.timers.values()) this.deps.clearTimer(timer);
    this.timers.clear();
  }

  private restartQuiet(accountId: string): void {
    this.stopQuiet(accountId);
    if (this.checking.has(accountId)) return;
    this.timers.set(
      accountId,
      this.deps.setTimer(() => this.quiet(accountId), this.quietMs),
    );
  }

  private stopQuiet(accountId: string): void {
    const timer = this.timers.get(accountId);
    if (timer !== undefined) this.deps.clearTimer(timer);
    this.timers.delete(accountId);
  }

  private quiet(accountId: string): void {
    this.timers.delete(accountId);
    const arrivals = this.pending.get(accountId) ?? [];
    this.pending.delete(accountId);
    const phase = this.phase.get(accountId) ?? 'unknown';
    if (arrivals.length > 0) this.deps.flush(accountId, arrivals, phase !== 'armed');
    // Only a finished check ends a first sync: the next arrivals are new mail.
    if (this.checkEnded.delete(accountId) && phase !== 'armed') this.phase.set(accountId, 'armed');
  }
}
