import type { HomingDb } from '../db';

/** Messages in a folder (the virtual list's length), from the writer's running count: one row read. */
export const countMessages = async (db: HomingDb, folderId: string): Promise<number> => (await db.folderCounts.get(folderId))?.total ?? 0;

export const countUnread = async (db: HomingDb, folderId: string): Promise<number> => (await db.folderCounts.get(folderId))?.unread ?? 0;
