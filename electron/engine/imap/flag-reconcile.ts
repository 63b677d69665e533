import type { FlagState } from './message-mapper';

/** The flags a user action changes; a missing field is left alone. */
export interface FlagChange {
  seen?: boolean;
  flagged?: boolean;
}

export interface FlagOutcome {
  /** The server now has what the user asked for. */
  applied: number[];
  /** The server kept another device's newer change (UNCHANGEDSINCE refused ours): its flags win. */
  conflicts: { uid: number; flags: FlagState }[];
  /** No longer on the server (expunged meanwhile). */
  missing: number[];
}

export const matchesChange = (flags: FlagState, change: FlagChange): boolean =>
  (change.seen === undefined || flags.seen === change.seen) && (change.flagged === undefined || flags.flagged === change.flagged);

/**
 * After a (conditional) STORE, the flags re-read from the server say what happened to each
 * message. Pure: the server's answer in, the store's corrections out.
 */
export const reconcileFlags = (
  requested: readonly number[],
  change: FlagChange,
  server: readonly { uid: number; flags: FlagState }[],
): FlagOutcome => {
  const byUid = new Map(server.map((r) => [r.uid, r.flags]));
  const out: FlagOutcome = { applied: [], conflicts: [], missing: [] };
  for (const uid of [...new Set(requested)].sort((a, b) => a - b)) {
    const flags = byUid.get(uid);
    if (!flags) out.missing.push(uid);
    else if (matchesChange(flags, change)) out.applied.push(uid);
    else out.conflicts.push({ uid, flags });
  }
  return out;
};

/** IMAP flag names to add and to remove for a change. */
export const storeLists = (change: FlagChange): { add: string[]; remove: string[] } => {
  const add: string[] = [];
  const remove: string[] = [];
  if (change.seen !== undefined) (change.seen ? add : remove).push('\\Seen');
  if (change.flagged !== undefined) (change.flagged ? add : remove).push('\\Flagged');
  return { add, remove };
};
