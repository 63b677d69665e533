import { randomUUID } from 'node:crypto';

import type { ImapFlow, MailboxObject } from 'imapflow';

import type { ImapFolderState } from '../../contract';
import { buildFolderBatch, flagPatches, folderState, idsForRanges, messageIds } from './batches';
import { rangeSize } from './diff-folder';
import type { ImapEnv } from './env';
import { type FolderWork, gatherFolderWork } from './folder-changes';
import type { FolderIndex } from './folder-index';
import { type FolderPlan, planFolderSync } from './folder-plan';
import { messageIdOf } from './ids';
import { inFolder, statusOf, UidValidityChanged } from './mailbox';
import { storeNewMessages } from './new-messages';

export interface FolderSyncResult {
  path: string;
  plan: FolderPlan['kind'];
  added: number;
  removed: number;
  changed: number;
}

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * Brings one folder of the store in line with the server. Runs as several queued tasks: the first
 * reads what changed and commits removals and flag changes while the folder is still selected
 * (so a user action cannot slip in between reading and writing them); then new messages are
 * fetched newest first with the bodies the offline policy wants (new-messages.ts). The folder
 * state is committed with the last batch: an interrupted sync leaves the old state, and the next
 * one resumes safely.
 */
export const syncFolder = async (env: ImapEnv, path: string): Promise<FolderSyncResult> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await syncFolderOnce(env, path);
    } catch (err) {
      // The folder was reset under us between two steps; start over against the new UIDVALIDITY.
      if (err instanceof UidValidityChanged && attempt < 2) continue;
      throw err;
    }
  }
};

interface Started {
  uidValidity: string;
  plan: FolderPlan['kind'];
  state: ImapFolderState;
  fetchUids: number[];
  removed: number;
  changed: number;
  complete: boolean;
}

const syncFolderOnce = async (env: ImapEnv, path: string): Promise<FolderSyncResult> => {
  const started = await env.withClient('sync', (client) =>
    inFolder(client, path, null, (mailbox) => startFolderSync(env, client, path, mailbox), { fresh: true }),
  );
  const { uidValidity, state, fetchUids } = started;
  await storeNewMessages(env, { path, uidValidity, uids: fetchUids, state, complete: started.complete });
  return { path, plan: started.plan, added: fetchUids.length, removed: started.removed, changed: started.changed };
};

/** Step one, inside the folder lock: plan, read changes, commit removals and flag changes. */
const startFolderSync = async (env: ImapEnv, client: ImapFlow, path: string, mailbox: MailboxObject): Promise<Started> => {
  const server = statusOf(mailbox);
  const local = env.states.get(path) ?? null;
  const before = env.index.peek(path);
  const modseqOk = !mailbox.noModseq;
  const abilities = { condstore: modseqOk && client.enabled.has('CONDSTORE'), qresync: modseqOk && client.enabled.has('QRESYNC') };
  const completeIdx = before && before.uidValidity === server.uidValidity && before.complete ? before : null;
  let plan = planFolderSync(local, server, abilities, completeIdx ? completeIdx.flags.size : null);
  // CONDSTORE finds expunges by comparing against a complete index; without one, compare everything.
  if (plan.kind === 'condstore' && !completeIdx) plan = { kind: 'diff' };
  if (plan.kind === 'diff' && local?.uidNext == null) plan = { kind: 'full', reset: null };

  const state = folderState(env.accountId, path, server.uidValidity, server.highestModseq, server.uidNext);
  if (plan.kind === 'unchanged') {
    return { uidValidity: server.uidValidity, plan: plan.kind, state, fetchUids: [], removed: 0, changed: 0, complete: false };
  }

  let removedCount = 0;
  if (plan.kind === 'full' && plan.reset && local) {
    removedCount += await dropOldValidity(env, path, local, before);
  }
  const idx = env.index.forFolder(path, server.uidValidity);
  const since = env.userFlags.mark();
  const work = await gatherFolderWork(client, mailbox, plan, local, idx);
  removedCount += await commitRemovalsAndPatches(
    env,
    path,
    server.uidValidity,
    idx,
    work,
    since,
    work.fetchUids.length === 0 ? state : undefined,
  );
  if (work.fetchUids.length === 0) {
    env.states.set(path, state);
    if (work.complete) idx.complete = true;
  }
  return {
    uidValidity: server.uidValidity,
    plan: plan.kind,
    state,
    fetchUids: work.fetchUids,
    removed: removedCount,
    changed: work.changed.length,
    complete: work.complete,
  };
};

/**
 * UIDVALIDITY changed: every id cached under the old value names nothing now (RFC 9051
 * §2.3.1.1). The store's removeFolders drops a folder with all its messages and its IMAP state;
 * putting the folder back in the same transaction means the UI never sees it vanish.
 */
const dropOldValidity = async (env: ImapEnv, path: string, local: ImapFolderState, before: FolderIndex | undefined): Promise<number> => {
  env.log.info(`imap: UIDVALIDITY of ${path} changed (was ${local.uidValidity}); dropping its cached messages`);
  const folder = env.folders.get(path);
  const known = before && before.uidValidity === local.uidValidity ? before.flags.size : 0;
  if (folder) {
    await env.apply({
      id: randomUUID(),
      accountId: env.accountId,
      ops: [
        { op: 'removeFolders', folderIds: [folder.id] },
        { op: 'putFolders', folders: [folder] },
      ],
    });
  } else {
    // Not listed yet (a direct syncFolder call): remove every id the old UIDVALIDITY could have had.
    const range: [number, number][] = local.uidNext && local.uidNext > 1 ? [[1, local.uidNext - 1]] : [];
    for (const ids of idsForRanges(env.accountId, path, local.uidValidity, range, env.tuning.idsPerBatch)) {
      await env.apply(buildFolderBatch({ accountId: env.accountId, removeIds: ids }));
    }
  }
  env.states.delete(path);
  env.index.drop(path);
  return known;
};

const commitRemovalsAndPatches = async (
  env: ImapEnv,
  path: string,
  uidValidity: string,
  idx: FolderIndex,
  work: FolderWork,
  since: number,
  state: ImapFolderState | undefined,
): Promise<number> => {
  const size = env.tuning.idsPerBatch;
  const removeChunks: string[][] = chunks(messageIds(env.accountId, path, uidValidity, work.removed), size);
  for (const ids of idsForRanges(env.accountId, path, uidValidity, work.removedRanges, size)) removeChunks.push(ids);
  const patchChunks = chunks(work.changed, size);
  const n = Math.max(removeChunks.length, patchChunks.length, state ? 1 : 0);
  for (let i = 0; i < n; i++) {
    // Just before it is written: a flag change the user made since the FETCH stays on top.
    const fetched = patchChunks[i] ?? [];
    const changed = env.userFlags.pendingFor(since)
      ? fetched.map((c) => ({ ...c, flags: env.userFlags.over(messageIdOf(env.accountId, path, uidValidity, c.uid), c.flags, since) }))
      : fetched;
    await env.apply(
      buildFolderBatch({
        accountId: env.accountId,
        removeIds: removeChunks[i],
        patches: flagPatches(env.accountId, path, uidValidity, changed),
        state: i === n - 1 ? state : undefined,
      }),
    );
    for (const c of changed) idx.set(c.uid, c.flags, c.modseq);
  }
  for (const uid of work.removed) idx.delete(uid);
  for (const [from, to] of work.removedRanges) for (const uid of [...idx.flags.keys()]) if (uid >= from && uid <= to) idx.delete(uid);
  return work.removed.length + rangeSize(work.removedRanges);
};
