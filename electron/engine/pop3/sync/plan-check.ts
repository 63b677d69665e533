import type { PopPolicy, PopUidlState } from '../../../contract';

export const DAY_MS = 86_400_000;

export interface ServerEntry {
  msgno: number;
  uidl: string;
  size: number;
}

export interface PlanInput {
  server: readonly ServerEntry[];
  /** Committed local state, as read from the store (never a guess). */
  local: ReadonlyMap<string, PopUidlState>;
  policy: PopPolicy;
  /** Bigger messages are fetched with TOP only; null = always whole. */
  headersOnlyAboveBytes: number | null;
  now: number;
}

export interface PlannedDownload extends ServerEntry {
  mode: 'full' | 'headers';
  /** Replacing a headers-only copy with the whole message. */
  upgrade: boolean;
}

export interface PlannedDelete {
  msgno: number;
  uidl: string;
  reason: 'policy' | 'finish-pending' | 'deleted-here';
}

export interface CheckPlan {
  download: PlannedDownload[];
  /** DELE candidates. Each UIDL here has a committed local copy of its full bytes. */
  delete: PlannedDelete[];
  /** Known here, no longer on the server: the local copy is now the only one. Never deleted here (invariant 2). */
  goneFromServer: PopUidlState[];
  /** UIDLs the server lists more than once; never deleted, only the first is downloaded. */
  duplicateUidls: string[];
  /**
   * Marked for deletion earlier, still on the server, and the policy no longer wants them gone
   * (the user switched to keeping mail): they are back to "on the server and here".
   */
  keptAfterAll: PopUidlState[];
}

/** When the server copy of a message downloaded at `downloadedAt` goes, or null if no date applies. */
export const serverCopyUntil = (policy: PopPolicy, downloadedAt: number): number | null =>
  policy.kind === 'keep-days' ? downloadedAt + policy.days * DAY_MS : null;

/**
 * Whether policy allows deleting this message's server copy now. Only whole, committed copies
 * qualify: a headers-only entry still needs the server for its body.
 */
export const policyAllowsDelete = (policy: PopPolicy, state: PopUidlState, now: number): boolean => {
  if (state.state === 'headers-only') return false;
  switch (policy.kind) {
    case 'delete-after-download':
      return true;
    case 'keep-days':
      // A clock that went backwards (now < downloadedAt) never makes a message "old".
      return now >= state.downloadedAt && now - state.downloadedAt >= policy.days * DAY_MS;
    case 'keep-until-deleted-here':
      return state.deletedLocally;
    case 'keep-forever':
      return false;
  }
};

/**
 * Spelled out, not spread: V8 gives objects copied with `{ ...entry }` a hidden class of their own
 * each, about 200 bytes per message that a check holds until it ends.
 */
const planned = (entry: ServerEntry, mode: PlannedDownload['mode'], upgrade: boolean): PlannedDownload => ({
  msgno: entry.msgno,
  uidl: entry.uidl,
  size: entry.size,
  mode,
  upgrade,
});

/**
 * The one decision of a POP3 check: what to download, what to DELE, what to leave. Pure; the
 * engine around it does the I/O. A UIDL is a DELE candidate only if the store holds its full bytes
 * (state downloaded / delete-pending / deleted), and never when the server lists it twice.
 */
export const planCheck = (input: PlanInput): CheckPlan => {
  const seen = new Map<string, number>();
  for (const e of input.server) seen.set(e.uidl, (seen.get(e.uidl) ?? 0) + 1);
  const duplicateUidls = [...seen].filter(([, n]) => n > 1).map(([uidl]) => uidl);
  const duplicates = new Set(duplicateUidls);

  const download: PlannedDownload[] = [];
  const del: PlannedDelete[] = [];
  const taken = new Set<string>();
  const keptAfterAll: PopUidlState[] = [];

  for (const entry of input.server) {
    if (taken.has(entry.uidl)) continue;
    taken.add(entry.uidl);
    const state = input.local.get(entry.uidl);
    const wantsHeadersOnly = input.headersOnlyAboveBytes !== null && entry.size > input.headersOnlyAboveBytes;

    if (!state) {
      download.push(planned(entry, wantsHeadersOnly ? 'headers' : 'full', false));
      continue;
    }
    if (state.state === 'headers-only') {
      if (!wantsHeadersOnly) download.push(planned(entry, 'full', true));
      continue;
    }
    if (duplicates.has(entry.uidl)) continue;
    if (state.state === 'delete-pending' || state.state === 'deleted') {
      // A DELE we decided earlier did not reach UPDATE state (cut connection, QUIT -ERR). Finish it
      // only if the policy still wants it: the user may have switched to keeping mail since.
      if (policyAllowsDelete(input.policy, state, input.now)) del.push({ msgno: entry.msgno, uidl: entry.uidl, reason: 'finish-pending' });
      else keptAfterAll.push(state);
      continue;
    }
    if (policyAllowsDelete(input.policy, state, input.now)) {
      del.push({
        msgno: entry.msgno,
        uidl: entry.uidl,
        reason: state.deletedLocally && input.policy.kind === 'keep-until-deleted-here' ? 'deleted-here' : 'policy',
      });
    }
  }

  const goneFromServer = [...input.local.values()].filter((s) => !seen.has(s.uidl) && s.state !== 'deleted');
  return { download, delete: del, goneFromServer, duplicateUidls, keptAfterAll };
};
