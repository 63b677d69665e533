import type { FetchMessageObject, ImapFlow, MailboxObject } from 'imapflow';

import { HomingError, type ImapFolderState } from '../../contract';
import { diffFolder, missingBelow } from './diff-folder';
import { fetchRows } from './fetch-rows';
import type { FolderIndex } from './folder-index';
import type { FolderPlan } from './folder-plan';
import { type FlagState, flagStateOf, packFlags } from './message-mapper';

/** What one folder sync must do, worked out while the folder is selected. */
export interface FolderWork {
  /** UIDs to fetch headers for, newest first. */
  fetchUids: number[];
  /** Cached UIDs (current UIDVALIDITY) that are gone from the server. */
  removed: number[];
  /** Ranges of possibly cached UIDs that are gone, when the cached set is not known. */
  removedRanges: [number, number][];
  /** Server flags that differ from (or may differ from) the cached ones. */
  changed: { uid: number; flags: FlagState; modseq?: bigint }[];
  /** After this sync the index covers every cached message of the folder. */
  complete: boolean;
}

const empty = (): FolderWork => ({ fetchUids: [], removed: [], removedRanges: [], changed: [], complete: false });

export const searchAllUids = async (client: ImapFlow): Promise<number[]> => {
  const uids = await client.search({ all: true }, { uid: true });
  if (!Array.isArray(uids))
    throw new HomingError('protocol_error', 'The server did not answer a request to list the messages of a folder.');
  return uids;
};

const allFlags = async (client: ImapFlow, mailbox: MailboxObject): Promise<FetchMessageObject[]> =>
  mailbox.exists === 0 ? [] : fetchRows(client, '1:*', { uid: true, flags: true }, { uid: true });

const changedRow = (r: FetchMessageObject): { uid: number; flags: FlagState; modseq?: bigint } =>
  r.modseq === undefined ? { uid: r.uid, flags: flagStateOf(r.flags) } : { uid: r.uid, flags: flagStateOf(r.flags), modseq: r.modseq };

const differs = (idx: FolderIndex, r: FetchMessageObject): boolean => idx.flags.get(r.uid) !== packFlags(flagStateOf(r.flags));

/**
 * Reads from the selected folder what the plan needs and returns it as plain data. `idx` is the
 * index for the folder's current UIDVALIDITY (empty after a reset).
 */
export const gatherFolderWork = async (
  client: ImapFlow,
  mailbox: MailboxObject,
  plan: Exclude<FolderPlan, { kind: 'unchanged' }>,
  local: ImapFolderState | null,
  idx: FolderIndex,
): Promise<FolderWork> => {
  const work = empty();
  const storedNext = local?.uidNext ?? 0;

  if (plan.kind === 'full') {
    // First sync, a resumed first sync (the index holds what already landed), or after a reset.
    const uids = await searchAllUids(client);
    const onServer = new Set(uids);
    work.fetchUids = uids.filter((u) => !idx.has(u)).sort((a, b) => b - a);
    for (const uid of idx.flags.keys()) if (!onServer.has(uid)) work.removed.push(uid);
    if (idx.flags.size > 0) {
      for (const r of await allFlags(client, mailbox)) if (idx.has(r.uid) && differs(idx, r)) work.changed.push(changedRow(r));
    }
    work.complete = true;
    return work;
  }

  if (mailbox.exists === 0) {
    // Everything we may hold is gone; no FETCH can report it from an empty folder.
    if (idx.complete) work.removed = [...idx.flags.keys()];
    else work.removedRanges = storedNext > 1 ? [[1, storedNext - 1]] : [];
    work.complete = true;
    return work;
  }

  if (plan.kind === 'qresync' || plan.kind === 'condstore') {
    const vanished: number[] = [];
    const onExpunge = (e: { path: string; uid?: number; vanished: boolean }) => {
      if (e.vanished && e.uid !== undefined && e.path === mailbox.path) vanished.push(e.uid);
    };
    // RFC 7162 §3.2.6: UID FETCH … (CHANGEDSINCE m VANISHED) answers expunges as VANISHED (EARLIER),
    // which imapflow reports as 'expunge' events while the command runs.
    client.on('expunge', onExpunge);
    let rows: FetchMessageObject[];
    try {
      rows = await fetchRows(client, '1:*', { uid: true, flags: true }, { uid: true, changedSince: BigInt(plan.since) });
    } finally {
      client.off('expunge', onExpunge);
    }
    for (const r of rows) {
      if (r.uid >= storedNext) {
        if (!idx.has(r.uid)) work.fetchUids.push(r.uid);
        else if (differs(idx, r)) work.changed.push(changedRow(r));
      } else if (!idx.complete || differs(idx, r)) {
        work.changed.push(changedRow(r));
      }
    }
    work.fetchUids.sort((a, b) => b - a);
    if (plan.kind === 'qresync') {
      work.removed = vanished.filter((u) => u < storedNext || idx.has(u));
      work.complete = idx.complete;
      return work;
    }
    // CONDSTORE alone reports no expunges: compare counts, and list UIDs only when they disagree.
    const gone = idx.flags.size + work.fetchUids.length - mailbox.exists;
    if (gone !== 0) {
      const onServer = new Set(await searchAllUids(client));
      for (const uid of idx.flags.keys()) if (!onServer.has(uid)) work.removed.push(uid);
      work.fetchUids = work.fetchUids.filter((u) => onServer.has(u));
    }
    work.complete = true;
    return work;
  }

  // No usable mod-sequences: every UID and its flags.
  const rows = await allFlags(client, mailbox);
  if (idx.complete) {
    const server = new Map(rows.map((r) => [r.uid, packFlags(flagStateOf(r.flags))]));
    const d = diffFolder(idx.flags, server);
    const modseqOf = new Map(rows.map((r) => [r.uid, r.modseq]));
    work.fetchUids = d.added;
    work.removed = d.removed;
    work.changed = d.changed.map((c) => {
      const modseq = modseqOf.get(c.uid);
      return modseq === undefined ? c : { ...c, modseq };
    });
  } else {
    work.removedRanges = missingBelow(
      rows.map((r) => r.uid),
      storedNext,
    );
    for (const r of rows) {
      if (r.uid < storedNext) work.changed.push(changedRow(r));
      else if (!idx.has(r.uid)) work.fetchUids.push(r.uid);
    }
    work.fetchUids.sort((a, b) => b - a);
  }
  work.complete = true;
  return work;
};
