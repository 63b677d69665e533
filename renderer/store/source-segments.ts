import type { Table } from 'dexie';

import type { HomingDb } from './db';
import type { SegmentRow } from './source-files';

/** Changes to segments' live byte counts within one transaction, written once at its end. */
export class SegmentDelta {
  private readonly bytes = new Map<number, number>();

  add(segment: number, delta: number): void {
    if (delta !== 0) this.bytes.set(segment, (this.bytes.get(segment) ?? 0) + delta);
  }

  /** Inside the caller's transaction. */
  async commit(table: Table<SegmentRow, number>): Promise<void> {
    if (this.bytes.size === 0) return;
    const ids = [...this.bytes.keys()];
    const stored = await table.bulkGet(ids);
    await table.bulkPut(ids.map((id, i) => ({ id, liveBytes: (stored[i]?.liveBytes ?? 0) + (this.bytes.get(id) ?? 0) })));
  }
}

/**
 * Deletes the segment files below `current` that no stored source points to any more (their
 * mail was deleted, or a batch's transaction failed after its bytes were appended), and their
 * rows. Segments at or above `current` are kept: the writer may be appending to them.
 *
 * Only the active writer may call this, and only while none of its batches is in flight: a batch
 * appends before its transaction records the refs, so a segment can look unused until then.
 * Once the writer appends to a later segment, nothing is ever appended below it again.
 * Returns the segments removed.
 */
export const collectSegments = async (db: HomingDb, current: number): Promise<number[]> => {
  const files = db.sourceFiles;
  if (!files) return [];
  const live = new Set((await db.sourceSegments.toArray()).filter((row) => row.liveBytes > 0).map((row) => row.id));
  const removed: number[] = [];
  for (const segment of await files.list()) {
    if (segment >= current || live.has(segment)) continue;
    await files.remove(segment);
    removed.push(segment);
  }
  const deadRows = (await db.sourceSegments.toArray()).filter((row) => row.id < current && row.liveBytes <= 0).map((row) => row.id);
  if (deadRows.length > 0) {
    await db.transaction('rw', db.sourceSegments, async () => {
      // Re-read inside the transaction: only rows still at zero go (a row is only ever raised by
      // appends to the current segment, so this is belt and braces).
      const rows = await db.sourceSegments.bulkGet(deadRows);
      await db.sourceSegments.bulkDelete(rows.flatMap((row) => (row && row.liveBytes <= 0 ? [row.id] : [])));
    });
  }
  return removed;
};
