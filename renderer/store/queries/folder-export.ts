import type { HomingDb } from '../db';
import { startingWith } from '../ranges';
import type { StoredMessage } from '../rows';
import { getSources } from './get-source';

export interface ExportEntry {
  id: string;
  bytes: Uint8Array;
  sender: string;
  date: number;
}

export interface FolderExport {
  entries: ExportEntry[];
  /** Messages whose full source is not on this computer (IMAP headers only, POP3 headers-only). */
  missing: number;
}

const CHUNK = 500;

/**
 * Every stored source of a folder, oldest first, for an mbox export. Walks the folder's date
 * index and loads sources a chunk at a time, so headers and bytes are never all loaded twice.
 */
export const folderExport = async (db: HomingDb, folderId: string): Promise<FolderExport> =>
  exportEntriesFor(
    db,
    await db.messages
      .where('[folderId+date]')
      .between(...startingWith(folderId))
      .toArray(),
  );

/** The stored sources of these messages, in the order given. */
export const exportEntriesFor = async (db: HomingDb, rows: StoredMessage[]): Promise<FolderExport> => {
  const entries: ExportEntry[] = [];
  let missing = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const sources = await getSources(db, chunk);
    chunk.forEach((m, j) => {
      const bytes = sources[j];
      if (!bytes) {
        missing += 1;
        return;
      }
      entries.push({ id: m.id, bytes, sender: m.from[0]?.address ?? '', date: m.date });
    });
  }
  return { entries, missing };
};
