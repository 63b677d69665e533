import { type FlagState, unpackFlags } from './message-mapper';

/** uid → packed flags (message-mapper.ts `packFlags`). */
export type UidFlags = ReadonlyMap<number, number>;

export interface FolderDiff {
  /** On the server, not here: fetch their headers, newest (highest UID) first. */
  added: number[];
  /** Here, gone from the server: remove locally, ascending. */
  removed: number[];
  /** On both with different flags: the server's flags win, ascending by UID. */
  changed: { uid: number; flags: FlagState }[];
}

/**
 * What changed between the local mirror and the server, for servers without CONDSTORE (and as the
 * fallback when mod-sequences cannot be trusted). Pure: plain maps in, plain lists out.
 */
export const diffFolder = (local: UidFlags, server: UidFlags): FolderDiff => {
  const added: number[] = [];
  const removed: number[] = [];
  const changed: { uid: number; flags: FlagState }[] = [];
  for (const [uid, flags] of server) {
    const mine = local.get(uid);
    if (mine === undefined) added.push(uid);
    else if (mine !== flags) changed.push({ uid, flags: unpackFlags(flags) });
  }
  for (const uid of local.keys()) if (!server.has(uid)) removed.push(uid);
  added.sort((a, b) => b - a);
  removed.sort((a, b) => a - b);
  changed.sort((a, b) => a.uid - b.uid);
  return { added, removed, changed };
};

/**
 * When the local UID set is not known (the store cannot be listed through the StorePort), every
 * UID below the stored UIDNEXT that the server no longer has may be cached here and must go.
 * Returned as inclusive ranges so a sparse mailbox does not become a huge list in memory.
 * `serverUids` need not be sorted; UIDs at or above `uidNext` are ignored.
 */
export const missingBelow = (serverUids: readonly number[], uidNext: number): [number, number][] => {
  const present = serverUids.filter((u) => u >= 1 && u < uidNext).sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  let next = 1;
  for (const uid of present) {
    if (uid > next) ranges.push([next, uid - 1]);
    if (uid >= next) next = uid + 1;
  }
  if (next < uidNext) ranges.push([next, uidNext - 1]);
  return ranges;
};

/** How many UIDs the ranges cover. */
export const rangeSize = (ranges: readonly [number, number][]): number => ranges.reduce((n, [a, b]) => n + (b - a + 1), 0);

/** Compact IMAP sequence-set ("1:5,7,9:10") for UIDs in any order, duplicates allowed. */
export const toSequenceSet = (uids: readonly number[]): string => {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let prev = start;
  for (let i = 1; i <= sorted.length; i++) {
    const uid = sorted[i];
    if (uid !== undefined && prev !== undefined && uid === prev + 1) {
      prev = uid;
      continue;
    }
    if (start !== undefined && prev !== undefined) parts.push(start === prev ? `${start}` : `${start}:${prev}`);
    start = uid;
    prev = uid;
  }
  return parts.join(',');
};
