import type { HomingDb } from '../db';

/** The raw bytes exactly as the server sent them, or null when only the header is here. */
export const getSource = async (db: HomingDb, id: string): Promise<Uint8Array | null> => (await db.sources.get(id))?.bytes ?? null;
