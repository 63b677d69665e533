import type { HomingDb } from '../db';
import type { StoredMessage } from '../rows';
import { readSegmentBytes, type SegmentRef, segmentRefOf } from '../source-files';

/**
 * A source in a segment file, read from where `ref` (taken from the message's row) says. A
 * compaction may have moved it and deleted the old file since that row was read: if the read
 * fails, the row is read again and, when it points elsewhere now, the bytes are read from there.
 */
export const readSegmentSource = async (db: HomingDb, id: string, ref: SegmentRef, limit = Infinity): Promise<Uint8Array> => {
  try {
    return await readSegmentBytes(db.sourceFiles, id, ref, limit);
  } catch (error) {
    const row = await db.messages.get(id);
    const now = row ? segmentRefOf(row) : null;
    if (!now || (now.segment === ref.segment && now.at === ref.at)) throw error;
    return readSegmentBytes(db.sourceFiles, id, now, limit);
  }
};

/** The raw bytes exactly as the server sent them, or null when only the header is here. */
export const getSource = async (db: HomingDb, id: string): Promise<Uint8Array | null> => {
  const row = await db.messages.get(id);
  const ref = row ? segmentRefOf(row) : null;
  if (ref) return readSegmentSource(db, id, ref);
  return (await db.sources.get(id))?.bytes ?? null;
};

/** The stored sources of these messages, in their order (null where none is stored). */
export const getSources = async (db: HomingDb, rows: StoredMessage[]): Promise<(Uint8Array | null)[]> => {
  const refs = rows.map(segmentRefOf);
  const inlineIds = rows.filter((_, i) => !refs[i]).map((row) => row.id);
  const inline = new Map((await db.sources.bulkGet(inlineIds)).flatMap((s) => (s ? [[s.id, s.bytes] as const] : [])));
  return Promise.all(rows.map((row, i) => (refs[i] ? readSegmentSource(db, row.id, refs[i]) : (inline.get(row.id) ?? null))));
};
