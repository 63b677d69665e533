import type { CopyResponseObject, ImapFlow } from 'imapflow';

import { HomingError, type MessageSource } from '../../contract';
import { buildFolderBatch, headersFromFetch, messageIds } from './batches';
import { toSequenceSet } from './diff-folder';
import type { ImapEnv } from './env';
import { fetchHeaderRows } from './fetch-rows';
import { folderIdOf, folderPathOf, groupByFolder, messageIdOf, type MessageRef } from './ids';
import { inFolder } from './mailbox';
import { flagStateOf } from './message-mapper';
import { isOfflineError, type OfflineQueue } from './offline-queue';
import { commandFailed } from './server-result';

export interface MoveOutcome {
  moved: number;
  /** The destination must be synced to pick up the moved messages (no COPYUID from the server). */
  syncDestination: boolean;
}

/**
 * MOVE (RFC 6851) for messages of one folder, then the store: old ids out, the destination's
 * headers (new UIDs from COPYUID, RFC 4315) in, in one transaction, so the message is never
 * shown twice or not at all. Bodies cached this run move with their message.
 */
export const moveOnServer = async (env: ImapEnv, client: ImapFlow, refs: readonly MessageRef[], toPath: string): Promise<MoveOutcome> => {
  const first = refs[0];
  if (!first) return { moved: 0, syncDestination: false };
  const { folderPath: path, uidValidity } = first;
  const uids = refs.map((r) => r.uid);
  const result: CopyResponseObject = await inFolder(client, path, uidValidity, async () => {
    const r = await client.messageMove(toSequenceSet(uids), toPath, { uid: true });
    if (!r) throw commandFailed(client, `move messages to "${toPath}"`);
    return r;
  });
  const oldIds = messageIds(env.accountId, path, uidValidity, uids);
  const srcIdx = env.index.peek(path);
  const destValidity = result.uidValidity === undefined ? null : String(result.uidValidity);
  const map = result.uidMap;
  if (!map || map.size === 0 || destValidity === null) {
    await env.apply(buildFolderBatch({ accountId: env.accountId, removeIds: oldIds }));
    for (const uid of uids) srcIdx?.delete(uid);
    return { moved: map?.size ?? uids.length, syncDestination: true };
  }
  const newUids = [...map.values()];
  const rows = await inFolder(client, toPath, destValidity, () => fetchHeaderRows(client, toSequenceSet(newUids)));
  const headers = headersFromFetch(rows, { accountId: env.accountId, folderPath: toPath, uidValidity: destValidity, now: env.now() });
  const sources: MessageSource[] = [];
  const withSource = new Set<number>();
  for (const [oldUid, newUid] of map) {
    if (!srcIdx?.withSource.has(oldUid)) continue;
    const bytes = await env.readSource(messageIdOf(env.accountId, path, uidValidity, oldUid));
    if (bytes) {
      sources.push({ id: messageIdOf(env.accountId, toPath, destValidity, newUid), bytes });
      withSource.add(newUid);
    }
  }
  const put = headers.map((h) => (sources.some((s) => s.id === h.id) ? { ...h, location: 'server+local' as const, hasSource: true } : h));
  await env.apply(buildFolderBatch({ accountId: env.accountId, removeIds: oldIds, put, sources }));
  for (const uid of uids) srcIdx?.delete(uid);
  const destIdx = env.index.forFolder(toPath, destValidity);
  for (const r of rows) {
    destIdx.set(r.uid, flagStateOf(r.flags), r.modseq);
    if (withSource.has(r.uid)) destIdx.withSource.add(r.uid);
  }
  return { moved: map.size, syncDestination: false };
};

export const resolveDestination = (env: ImapEnv, toFolderId: string): string => {
  const toPath = folderPathOf(env.accountId, toFolderId);
  if (toPath === null) throw new HomingError('invalid_input', 'That folder does not belong to this account.');
  if (!env.folders.has(toPath)) throw new HomingError('not_found', `The folder "${toPath}" does not exist on the server.`);
  return toPath;
};

/**
 * The user's move: the store shows the messages in the destination at once, then the server
 * moves them. Offline, the move waits in the queue; refused, the store is put back.
 * Returns how many messages moved and which destinations need a sync.
 */
export const moveMessages = async (
  env: ImapEnv,
  queue: OfflineQueue,
  ids: readonly string[],
  toPath: string,
): Promise<{ moved: number; syncDestination: boolean }> => {
  const { groups } = groupByFolder(env.accountId, ids);
  const toFolderId = folderIdOf(env.accountId, toPath);
  const todo = [...groups.values()].map((refs) => refs.filter((r) => r.folderPath !== toPath)).filter((refs) => refs.length > 0);
  if (todo.length === 0) return { moved: 0, syncDestination: false };
  await env.apply(
    buildFolderBatch({
      accountId: env.accountId,
      patches: todo.flat().map((r) => ({ id: messageIdOf(env.accountId, r.folderPath, r.uidValidity, r.uid), folderId: toFolderId })),
    }),
  );
  let moved = 0;
  let syncDestination = false;
  for (const refs of todo) {
    const groupIds = refs.map((r) => messageIdOf(env.accountId, r.folderPath, r.uidValidity, r.uid));
    try {
      const out = await env.withClient('user', (client) => moveOnServer(env, client, refs, toPath));
      moved += out.moved;
      syncDestination ||= out.syncDestination;
    } catch (err) {
      const e = err instanceof HomingError ? err : new HomingError('internal', 'Moving the messages failed unexpectedly.');
      if (isOfflineError(e)) {
        queue.push({ kind: 'move', ids: groupIds, toPath });
        moved += refs.length;
        continue;
      }
      const from = (refs[0] as MessageRef).folderPath;
      await env.apply(
        buildFolderBatch({ accountId: env.accountId, patches: groupIds.map((id) => ({ id, folderId: folderIdOf(env.accountId, from) })) }),
      );
      throw new HomingError('server_refused', `The server did not move the messages to "${toPath}", so they were put back.`);
    }
  }
  return { moved, syncDestination };
};
