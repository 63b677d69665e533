import type { ImapFolderState } from '../../contract';

/** What SELECT told us about a folder, as plain strings/numbers (modseq values exceed 2^53). */
export interface ServerFolderStatus {
  uidValidity: string;
  uidNext: number;
  /** null when the server has no CONDSTORE or the mailbox reported NOMODSEQ. */
  highestModseq: string | null;
  exists: number;
}

export interface ServerAbilities {
  condstore: boolean;
  qresync: boolean;
}

export type FolderPlan =
  /** Nothing stored yet (or UIDVALIDITY changed): list every UID and fetch what is missing. */
  | { kind: 'full'; reset: ResetReason | null }
  /** RFC 7162: flags changed since `since`, plus VANISHED (EARLIER) for expunges. */
  | { kind: 'qresync'; since: string }
  /** CONDSTORE without QRESYNC: changed flags by modseq, expunges by comparing UID lists. */
  | { kind: 'condstore'; since: string }
  /** No usable mod-sequences: compare every UID and its flags. */
  | { kind: 'diff' }
  /** HIGHESTMODSEQ and UIDNEXT are both where we left them: nothing to do. */
  | { kind: 'unchanged' };

export type ResetReason = 'uidvalidity-changed';

const cmp = (a: string, b: string): number => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

const isNumeric = (s: string | null): s is string => s !== null && /^\d{1,20}$/.test(s);

/**
 * The UIDVALIDITY / mod-sequence decision for one folder. Pure, so every branch is unit-tested.
 *
 * - A different UIDVALIDITY invalidates every cached UID (RFC 9051 §2.3.1.1): drop the folder's
 *   cache and resync from scratch.
 * - A HIGHESTMODSEQ lower than the stored one means the server lost its mod-sequence history
 *   (e.g. an index rebuild); changes since our value cannot be asked for, so compare everything.
 * - `unchanged` is only trusted with QRESYNC, where an expunge must raise HIGHESTMODSEQ
 *   (RFC 7162 §3.2.10); CONDSTORE alone does not promise that, so there `exists` must match too.
 */
export const planFolderSync = (
  local: ImapFolderState | null,
  server: ServerFolderStatus,
  abilities: ServerAbilities,
  knownCount: number | null,
): FolderPlan => {
  if (!local) return { kind: 'full', reset: null };
  if (local.uidValidity !== server.uidValidity) return { kind: 'full', reset: 'uidvalidity-changed' };
  const canModseq = abilities.condstore && isNumeric(local.highestModseq) && isNumeric(server.highestModseq);
  if (!canModseq) return { kind: 'diff' };
  const order = cmp(server.highestModseq as string, local.highestModseq as string);
  if (order < 0) return { kind: 'diff' };
  const sameNext = local.uidNext === null || local.uidNext === server.uidNext;
  if (order === 0 && sameNext) {
    if (abilities.qresync) return { kind: 'unchanged' };
    if (knownCount !== null && knownCount === server.exists) return { kind: 'unchanged' };
  }
  return abilities.qresync
    ? { kind: 'qresync', since: local.highestModseq as string }
    : { kind: 'condstore', since: local.highestModseq as string };
};
