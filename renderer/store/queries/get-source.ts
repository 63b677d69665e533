import type { HomingDb } from '../db';
import type { StoredMessage } from '../rows';
import { readSegmentBytes, segmentRefOf } from '../source-files';

/** The raw bytes exactly as the server sent them, or null when only the header is here. */
export const getSource = async (db: HomingDb, id: string): Promise<Uint8Array | null> => {
  const row = await db.messages.get(id);
  const ref = row ? segmentRefOf(row) : null;
  if (ref) return readSegmentBytes(db.sourceFiles, id, ref);
  return (await db.sources.get(id))?.bytes ?? null;
};

/** The stored sources of these messages, in their order (null where none is stored). */
export const getSources = async (db: HomingDb, rows: StoredMessage[]): Promise<(Uint8Array | null)[]> => {
  const refs = rows.map(segmentRefOf);
  const inlineIds = rows.filter((_, i) => !refs[i]).map((row) => row.id);
  const inline = new Map((await db.sources.bulkGet(inlineIds)).flatMap((s) => (s ? [[s.id, s.bytes] as const] : [])));
  return Promise.all(rows.map((row, i) => (refs[i] ? readSegmentBytes(db.sourceFiles, row.id, refs[i]) : (inline.get(row.id) ?? null))));
};
