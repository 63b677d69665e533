import type { ImapFlow } from 'imapflow';

import { HomingError } from '../../contract';
import { buildFolderBatch, flagPatches, messageIds } from './batches';
import { toSequenceSet } from './diff-folder';
import type { ImapEnv } from './env';
import { fetchRows } from './fetch-rows';
import { type FlagChange, reconcileFlags, storeLists } from './flag-reconcile';
import { groupByFolder, messageIdOf, type MessageRef } from './ids';
import { inFolder } from './mailbox';
import { type FlagState, flagStateOf, unpackFlags } from './message-mapper';
import { isOfflineError, type OfflineQueue } from './offline-queue';
import { commandFailed } from './server-result';

const sinceKey = (v: bigint | undefined): string => (v === undefined ? '' : v.toString());

/**
 * One STORE per distinct UNCHANGEDSINCE value (RFC 7162 §3.1.3: the modifier takes one value for
 * the whole set). Returns each message's mod-sequence after the STORE, read from the untagged
 * FETCH responses, so a second STORE in the same user action is not refused by the first.
 */
const storeFlags = async (
  client: ImapFlow,
  path: string,
  uids: readonly number[],
  operation: 'add' | 'remove',
  flags: string[],
  since: Map<number, bigint | undefined>,
): Promise<Map<number, bigint | undefined>> => {
  const groups = new Map<string, number[]>();
  for (const uid of uids) {
    const key = sinceKey(since.get(uid));
    const list = groups.get(key);
    if (list) list.push(uid);
    else groups.set(key, [uid]);
  }
  const after = new Map(since);
  const onFlags = (e: { path: string; uid?: number; modseq?: bigint }) => {
    if (e.path === path && e.uid !== undefined && e.modseq !== undefined && after.has(e.uid)) after.set(e.uid, e.modseq);
  };
  client.on('flags', onFlags);
  try {
    for (const [key, group] of groups) {
      const options = { uid: true, ...(key ? { unchangedSince: BigInt(key) } : {}) };
      const ok =
        operation === 'add'
          ? await client.messageFlagsAdd(toSequenceSet(group), flags, options)
          : await client.messageFlagsRemove(toSequenceSet(group), flags, options);
      if (!ok) throw commandFailed(client, 'change the flags of the message');
    }
  } finally {
    client.off('flags', onFlags);
  }
  return after;
};

/**
 * Sends a flag change for messages of one folder. With CONDSTORE each STORE carries
 * UNCHANGEDSINCE = the mod-sequence we last saw, so a newer change from another device is not
 * overwritten; the flags are then re-read and the server's version wins wherever it refused.
 * Returns how many messages now have the requested flags.
 */
export const flagsOnServer = async (env: ImapEnv, client: ImapFlow, refs: readonly MessageRef[], change: FlagChange): Promise<number> => {
  const first = refs[0];
  if (!first) return 0;
  const { folderPath: path, uidValidity } = first;
  return inFolder(client, path, uidValidity, async (mailbox) => {
    const uids = refs.map((r) => r.uid);
    const idx = env.index.peek(path);
    const sameIdx = idx && idx.uidValidity === uidValidity ? idx : undefined;
    const condstore = client.enabled.has('CONDSTORE') && !mailbox.noModseq;
    const state = env.states.get(path);
    const folderSince = state && state.uidValidity === uidValidity && state.highestModseq ? BigInt(state.highestModseq) : undefined;
    let since = new Map<number, bigint | undefined>(uids.map((u) => [u, condstore ? (sameIdx?.modseq.get(u) ?? folderSince) : undefined]));
    const { add, remove } = storeLists(change);
    if (add.length) since = await storeFlags(client, path, uids, 'add', add, since);
    if (remove.length) await storeFlags(client, path, uids, 'remove', remove, since);

    const rows = await fetchRows(client, toSequenceSet(uids), { uid: true, flags: true }, { uid: true });
    const outcome = reconcileFlags(
      uids,
      change,
      rows.map((r) => ({ uid: r.uid, flags: flagStateOf(r.flags) })),
    );
    if (outcome.conflicts.length || outcome.missing.length) {
      env.log.info(
        `imap: ${outcome.conflicts.length} flag change(s) in ${path} lost to a newer change on the server; ${outcome.missing.length} message(s) gone`,
      );
      const patches = flagPatches(env.accountId, path, uidValidity, outcome.conflicts);
      // The server kept a newer change: that, not the user's, is what rows fetched earlier must not undo.
      for (const p of patches) env.userFlags.record([p.id], { seen: p.seen, flagged: p.flagged });
      await env.apply(
        buildFolderBatch({
          accountId: env.accountId,
          removeIds: messageIds(env.accountId, path, uidValidity, outcome.missing),
          patches,
        }),
      );
    }
    if (sameIdx) {
      for (const r of rows) sameIdx.set(r.uid, flagStateOf(r.flags), r.modseq);
      for (const uid of outcome.missing) sameIdx.delete(uid);
    }
    // From here a FETCH reads the change from the server itself.
    env.userFlags.settle(messageIds(env.accountId, path, uidValidity, uids));
    return outcome.applied.length;
  });
};

/** Puts the server's current flags back into the store after the server refused a change. */
export const restoreFromServer = async (
  env: ImapEnv,
  refs: readonly MessageRef[],
  previous: Map<string, FlagState>,
  change: FlagChange,
): Promise<void> => {
  const first = refs[0];
  if (!first) return;
  const { folderPath: path, uidValidity } = first;
  const fromServer = await env
    .withClient('user', (client) =>
      inFolder(client, path, uidValidity, async () => {
        const rows = await fetchRows(client, toSequenceSet(refs.map((r) => r.uid)), { uid: true, flags: true }, { uid: true });
        return rows.map((r) => ({ uid: r.uid, flags: flagStateOf(r.flags) }));
      }),
    )
    .catch(() => null);
  const corrections =
    fromServer ??
    refs.map((r) => {
      const id = messageIdOf(env.accountId, path, uidValidity, r.uid);
      // Last resort when the server cannot be asked: what we had before, else the opposite of the change.
      const before = previous.get(id);
      return { uid: r.uid, flags: before ?? { seen: !(change.seen ?? true), flagged: !(change.flagged ?? true), answered: false } };
    });
  const patches = flagPatches(env.accountId, path, uidValidity, corrections);
  for (const p of patches) env.userFlags.record([p.id], { seen: p.seen, flagged: p.flagged });
  // What the server has (or, unreachable, what we had): rows fetched before now must not undo it.
  env.userFlags.settle(patches.map((p) => p.id));
  await env.apply(buildFolderBatch({ accountId: env.accountId, patches }));
  const idx = env.index.peek(path);
  if (idx && idx.uidValidity === uidValidity) for (const c of corrections) idx.set(c.uid, c.flags);
};

/**
 * The user's flag change: the store first (the UI reacts at once), then the server. Offline, the
 * change waits in the queue; refused, it is rolled back and reported.
 */
export const setFlags = async (env: ImapEnv, queue: OfflineQueue, ids: readonly string[], change: FlagChange): Promise<number> => {
  const { groups } = groupByFolder(env.accountId, ids);
  if (groups.size === 0) throw new HomingError('invalid_input', 'None of those messages belong to this account.');
  if (change.seen === undefined && change.flagged === undefined) return 0;

  const previous = new Map<string, FlagState>();
  const patches = [];
  for (const refs of groups.values()) {
    for (const ref of refs) {
      const id = messageIdOf(env.accountId, ref.folderPath, ref.uidValidity, ref.uid);
      const idx = env.index.peek(ref.folderPath);
      const bits = idx && idx.uidValidity === ref.uidValidity ? idx.flags.get(ref.uid) : undefined;
      if (bits !== undefined) {
        const before = unpackFlags(bits);
        previous.set(id, before);
        idx?.set(ref.uid, { ...before, ...change });
      }
      patches.push({ id, ...change });
    }
  }
  env.userFlags.record(
    patches.map((p) => p.id),
    change,
  );
  await env.apply(buildFolderBatch({ accountId: env.accountId, patches }));

  let applied = 0;
  for (const refs of groups.values()) {
    try {
      applied += await env.withClient('user', (client) => flagsOnServer(env, client, refs, change));
    } catch (err) {
      const e = err instanceof HomingError ? err : new HomingError('internal', 'Changing the flags failed unexpectedly.');
      if (isOfflineError(e)) {
        queue.push({ kind: 'flags', ids: refs.map((r) => messageIdOf(env.accountId, r.folderPath, r.uidValidity, r.uid)), change });
        applied += refs.length;
        continue;
      }
      await restoreFromServer(env, refs, previous, change);
      throw new HomingError('server_refused', 'The server did not accept the change, so it was undone here.');
    }
  }
  return applied;
};
