import { randomUUID } from 'node:crypto';

import type { ImapEnv } from './env';
import { type FolderListing, listFolders } from './folders';
import { folderIdOf } from './ids';

/**
 * Removes a folder that is gone from the server (deleted, or renamed: a rename changes every
 * message id, which includes the path). The store's removeFolders takes the folder's messages and
 * IMAP state with it in one transaction.
 */
export const forgetFolder = async (env: ImapEnv, path: string): Promise<void> => {
  await env.apply({
    id: randomUUID(),
    accountId: env.accountId,
    ops: [{ op: 'removeFolders', folderIds: [folderIdOf(env.accountId, path)] }],
  });
  env.states.delete(path);
  env.index.drop(path);
  env.folders.delete(path);
};

/**
 * LIST → the store's folder tree (SPECIAL-USE roles, hierarchy). Folders we hold state for that the
 * server no longer lists are forgotten with their messages.
 */
export const refreshFolders = async (env: ImapEnv): Promise<FolderListing> => {
  const listing = await env.withClient('sync', (client) => listFolders(client, env.accountId));
  const listed = new Set(listing.folders.map((f) => f.path));
  const gone = new Set<string>();
  for (const path of [...env.states.keys(), ...env.folders.keys()]) if (!listed.has(path)) gone.add(path);
  await env.apply({ id: randomUUID(), accountId: env.accountId, ops: [{ op: 'putFolders', folders: listing.folders }] });
  env.folders.clear();
  for (const f of listing.folders) env.folders.set(f.path, f);
  for (const path of gone) await forgetFolder(env, path);
  return listing;
};
