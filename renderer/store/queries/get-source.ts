import type { HomingDb } from '../db';
import { readSourceBytes } from '../source-files';

/** The raw bytes exactly as the server sent them, or null when only the header is here. */
export const getSource = async (db: HomingDb, id: string): Promise<Uint8Array | null> => {
  const row = await db.sources.get(id);
  return row ? readSourceBytes(db.sourceFiles, row) : null;
};
