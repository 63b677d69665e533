import type { HomingDb } from '../db';
import { startingWith } from '../ranges';
import type { StoredMessage } from '../rows';

/**
 * The newest `limit` messages of a folder, newest first: the window the conversation view threads
 * (features/mail/threads/thread-rows.ts). One reverse walk of [folderId+date]; never the folder.
 */
export const listThreadWindow = (db: HomingDb, folderId: string, limit: number): Promise<StoredMessage[]> =>
  db.messages
    .where('[folderId+date]')
    .between(...startingWith(folderId))
    .reverse()
    .limit(Math.max(0, Math.floor(limit)))
    .toArray();
