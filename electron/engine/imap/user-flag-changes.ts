import type { FlagChange } from './flag-reconcile';
import type { FlagState } from './message-mapper';

/** Changes remembered; a FETCH in flight across this many later changes is not plausible. */
const REMEMBERED = 10_000;

interface Entry {
  change: FlagChange;
  /** When the server was known to have it; undefined while it has not (STORE pending, or offline). */
  settled: number | undefined;
}

/**
 * The user's flag changes. A change goes to the store at once, and to the server in a queued
 * task, while FETCHes of the same messages may be in flight or queued ahead of it: the body
 * download of a message being opened (which is marked read at the same moment), a sync's flag
 * diff, a header chunk. Their rows carry the flags from before the change, and storing them as
 * they are undid it here for good: the server got the change, and the next sync saw nothing to
 * correct. So every FETCH whose rows are stored takes a `mark()` first, and its flags are stored
 * through `over()`: a change the server did not have when the FETCH was sent stays on top.
 */
export class UserFlagChanges {
  private seq = 0;
  private unsettled = 0;
  private readonly changes = new Map<string, Entry>();

  /** A point in the sequence; take it before sending the FETCH whose rows will be stored. */
  mark(): number {
    return this.seq;
  }

  /** The user changed these messages' flags here; the server does not have it yet. */
  record(ids: Iterable<string>, change: FlagChange): void {
    this.seq++;
    for (const id of ids) {
      const before = this.changes.get(id);
      const pending = before !== undefined && before.settled === undefined;
      if (!pending) this.unsettled++;
      // Re-inserted, so the map's order stays oldest change first for the pruning below.
      this.changes.delete(id);
      this.changes.set(id, { change: { ...(pending ? before.change : {}), ...defined(change) }, settled: undefined });
    }
    while (this.changes.size > REMEMBERED) {
      const oldest = this.changes.keys().next().value as string;
      if (this.changes.get(oldest)?.settled === undefined) this.unsettled--;
      this.changes.delete(oldest);
    }
  }

  /** The server now has these messages' flags as recorded (its STORE answered, or we wrote its own). */
  settle(ids: Iterable<string>): void {
    this.seq++;
    for (const id of ids) {
      const entry = this.changes.get(id);
      if (entry && entry.settled === undefined) {
        entry.settled = this.seq;
        this.unsettled--;
      }
    }
  }

  /** Flags of a FETCH sent at `since`: with the changes the server did not have then on top. */
  over(id: string, flags: FlagState, since: number): FlagState {
    const entry = this.changes.get(id);
    return entry && (entry.settled === undefined || entry.settled > since) ? { ...flags, ...entry.change } : flags;
  }

  /** Whether `over` can change anything for a FETCH sent at `since` (most find nothing, and skip the lookups). */
  pendingFor(since: number): boolean {
    return this.seq > since || this.unsettled > 0;
  }
}

const defined = (change: FlagChange): FlagChange => ({
  ...(change.seen !== undefined ? { seen: change.seen } : {}),
  ...(change.flagged !== undefined ? { flagged: change.flagged } : {}),
});
