import type { HomingDb } from '../db';
import { startingWith } from '../ranges';

/** Messages in a folder, counted on the index (no rows loaded): the virtual list's length. */
export const countMessages = (db: HomingDb, folderId: string): Promise<number> =>
  db.messages.where('[folderId+date]').between(...startingWith(folderId)).count();

export const countUnread = (db: HomingDb, folderId: string): Promise<number> =>
  db.messages.where('[folderId+unread]').equals([folderId, 1]).count();
