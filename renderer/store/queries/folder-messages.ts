import type { HomingDb } from '../db';
import { startingWith } from '../ranges';
import type { StoredMessage } from '../rows';

/** Every message of a folder (e.g. to empty the Trash), newest first. */
export const folderMessages = async (db: HomingDb, folderId: string): Promise<StoredMessage[]> =>
  db.messages
    .where('[folderId+date]')
    .between(...startingWith(folderId))
    .reverse()
    .toArray();
