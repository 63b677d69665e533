import { HomingError } from '../../contract';
import { buildFolderBatch } from './batches';
import { expungeOnServer, restoreHeaders } from './delete';
import type { ImapEnv } from './env';
import { toHomingError } from './errors';
import { folderIdOf, groupByFolder, messageIdOf, type MessageRef } from './ids';
import { moveOnServer } from './move';
import { isOfflineError, type OfflineQueue, type PendingChange } from './offline-queue';
import { flagsOnServer, restoreFromServer } from './set-flags';

/**
 * Sends the changes made offline, oldest first, before the sync reads server state. A change the
 * server now refuses (the message was deleted meanwhile, the folder is gone) is undone in the
 * store from the server's state; a new disconnect puts the rest back in the queue.
 * Returns the folders whose contents should be synced next.
 */
export const replayPending = async (env: ImapEnv, queue: OfflineQueue): Promise<Set<string>> => {
  const items = queue.take();
  const touched = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as PendingChange;
    const { groups } = groupByFolder(env.accountId, item.ids);
    for (const refs of groups.values()) {
      const first = refs[0] as MessageRef;
      touched.add(first.folderPath);
      try {
        await replayOne(env, item, refs, touched);
      } catch (err) {
        const e = toHomingError(err, env.host);
        if (isOfflineError(e)) {
          queue.restore(items.slice(i));
          throw e;
        }
        env.log.warn(`imap: an offline change was refused by the server (${e.code}); showing the server's state instead`);
        await undo(env, item, refs).catch((undoErr: unknown) =>
          env.log.warn(`imap: could not undo a refused offline change: ${String(undoErr)}`),
        );
      }
    }
  }
  queue.persist();
  return touched;
};

const replayOne = async (env: ImapEnv, item: PendingChange, refs: MessageRef[], touched: Set<string>): Promise<void> => {
  switch (item.kind) {
    case 'flags':
      await env.withClient('user', (client) => flagsOnServer(env, client, refs, item.change));
      return;
    case 'move': {
      if (!env.folders.has(item.toPath)) throw new HomingError('not_found', `The folder "${item.toPath}" is gone.`);
      touched.add(item.toPath);
      await env.withClient('user', (client) => moveOnServer(env, client, refs, item.toPath));
      return;
    }
    case 'expunge':
      await env.withClient('user', (client) => expungeOnServer(client, refs));
      return;
  }
};

const undo = async (env: ImapEnv, item: PendingChange, refs: MessageRef[]): Promise<void> => {
  const first = refs[0] as MessageRef;
  switch (item.kind) {
    case 'flags':
      await restoreFromServer(env, refs, new Map(), item.change);
      return;
    case 'move':
      await env.apply(
        buildFolderBatch({
          accountId: env.accountId,
          patches: refs.map((r) => ({
            id: messageIdOf(env.accountId, r.folderPath, r.uidValidity, r.uid),
            folderId: folderIdOf(env.accountId, first.folderPath),
          })),
        }),
      );
      return;
    case 'expunge':
      await restoreHeaders(env, refs);
      return;
  }
};
