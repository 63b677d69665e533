import type { ImapFlow } from 'imapflow';

import { HomingError } from '../../contract';
import { buildFolderBatch, headersFromFetch, messageIds } from './batches';
import { toSequenceSet } from './diff-folder';
import type { ImapEnv } from './env';
import { fetchHeaderRows } from './fetch-rows';
import { groupByFolder, messageIdOf, type MessageRef } from './ids';
import { inFolder } from './mailbox';
import { flagStateOf } from './message-mapper';
import { isOfflineError, type OfflineQueue } from './offline-queue';
import { commandFailed } from './server-result';

/** STORE +FLAGS \Deleted then UID EXPUNGE (RFC 4315) of exactly these UIDs, never others'. */
export const expungeOnServer = async (client: ImapFlow, refs: readonly MessageRef[]): Promise<number> => {
  const first = refs[0];
  if (!first) return 0;
  return inFolder(client, first.folderPath, first.uidValidity, async () => {
    const ok = await client.messageDelete(toSequenceSet(refs.map((r) => r.uid)), { uid: true });
    if (!ok) throw commandFailed(client, 'delete the messages');
    return refs.length;
  });
};

/** After a refused expunge the messages are still on the server: put their headers back. */
export const restoreHeaders = async (env: ImapEnv, refs: readonly MessageRef[]): Promise<void> => {
  const first = refs[0];
  if (!first) return;
  const { folderPath: path, uidValidity } = first;
  await env.withClient('user', (client) =>
    inFolder(client, path, uidValidity, async () => {
      const rows = await fetchHeaderRows(client, toSequenceSet(refs.map((r) => r.uid)));
      const headers = headersFromFetch(rows, { accountId: env.accountId, folderPath: path, uidValidity, now: env.now() });
      await env.apply(buildFolderBatch({ accountId: env.accountId, put: headers }));
      const idx = env.index.forFolder(path, uidValidity);
      for (const r of rows) idx.set(r.uid, flagStateOf(r.flags), r.modseq);
    }),
  );
};

/**
 * Permanent delete: gone from the store at once, then expunged on the server. Offline it waits in
 * the queue; refused, the headers come back from the server and the error is reported.
 */
export const expungeMessages = async (env: ImapEnv, queue: OfflineQueue, ids: readonly string[]): Promise<number> => {
  const { groups } = groupByFolder(env.accountId, ids);
  if (groups.size === 0) return 0;
  const all = [...groups.values()].flat();
  await env.apply(
    buildFolderBatch({
      accountId: env.accountId,
      removeIds: all.map((r) => messageIdOf(env.accountId, r.folderPath, r.uidValidity, r.uid)),
    }),
  );
  for (const r of all) env.index.peek(r.folderPath)?.delete(r.uid);
  let deleted = 0;
  for (const refs of groups.values()) {
    try {
      deleted += await env.withClient('user', (client) => expungeOnServer(client, refs));
    } catch (err) {
      const e = err instanceof HomingError ? err : new HomingError('internal', 'Deleting the messages failed unexpectedly.');
      const first = refs[0] as MessageRef;
      if (isOfflineError(e)) {
        queue.push({
          kind: 'expunge',
          ids: messageIds(
            env.accountId,
            first.folderPath,
            first.uidValidity,
            refs.map((r) => r.uid),
          ),
        });
        deleted += refs.length;
        continue;
      }
      await restoreHeaders(env, refs).catch((restoreErr: unknown) =>
        env.log.warn(`imap: could not restore headers after a refused delete: ${String(restoreErr)}`),
      );
      throw new HomingError('server_refused', 'The server did not delete the messages, so they were put back.');
    }
  }
  return deleted;
};

/**
 * The user's delete: to Trash, as every mail client does, unless `permanent` or the messages are
 * already in Trash (deleting from Trash deletes for good).
 */
export const deleteMessages = async (
  env: ImapEnv,
  queue: OfflineQueue,
  ids: readonly string[],
  permanent: boolean,
  via: { trashPath: () => Promise<string>; move: (ids: string[], toPath: string) => Promise<number> },
): Promise<number> => {
  if (permanent) return expungeMessages(env, queue, ids);
  const trashPath = await via.trashPath();
  const { groups } = groupByFolder(env.accountId, ids);
  const inTrash: string[] = [];
  const elsewhere: string[] = [];
  for (const refs of groups.values()) {
    for (const r of refs)
      (r.folderPath === trashPath ? inTrash : elsewhere).push(messageIdOf(env.accountId, r.folderPath, r.uidValidity, r.uid));
  }
  let n = inTrash.length ? await expungeMessages(env, queue, inTrash) : 0;
  if (elsewhere.length) n += await via.move(elsewhere, trashPath);
  return n;
};
