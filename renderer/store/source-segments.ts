import type { Table } from 'dexie';

import type { HomingDb } from './db';
import type { StoredMessage } from './rows';
import type { SourceAppender } from './source-appender';
import { readSegmentBytes, segmentRefOf, type SegmentRow } from './source-files';

type Placed = Parameters<typeof segmentRefOf>[0];

/** Changes to segments' live byte counts within one transaction, written once at its end. */
export class SegmentDelta {
  private readonly bytes = new Map<number, number>();

  private add(row: Placed, sign: 1 | -1): void {
    const ref = segmentRefOf(row);
    if (ref && ref.length !== 0) this.bytes.set(ref.segment, (this.bytes.get(ref.segment) ?? 0) + sign * ref.length);
  }

  /** Replaces the row `before` (if any) with `after` (if any): the bytes each points to. */
  changed(before: Placed | undefined, after: Placed | undefined): void {
    if (before) this.add(before, -1);
    if (after) this.add(after, 1);
  }

  /** Inside the caller's transaction. */
  async commit(table: Table<SegmentRow, number>): Promise<void> {
    // A row rewritten in place (a flag, a move) nets 0: nothing to write, and the op's transaction
    // need not cover sourceSegments.
    const ids = [...this.bytes].filter(([, delta]) => delta !== 0).map(([id]) => id);
    if (ids.length === 0) return;
    const stored = await table.bulkGet(ids);
    await table.bulkPut(ids.map((id, i) => ({ id, liveBytes: (stored[i]?.liveBytes ?? 0) + (this.bytes.get(id) ?? 0) })));
  }
}

/**
 * Deletes the segment files below `current` that no stored source points to any more (their
 * mail was deleted, or a batch's transaction failed after its bytes were appended), and their
 * rows. Segments at or above `current` are kept: the writer may be appending to them.
 *
 * Only the active writer may call this, and only with a `current` read while none of its batches
 * was in flight: a batch appends before its transaction records the refs, so the segment it
 * appended to can look unused until then. Batches that start later append at or above `current`
 * (nothing is ever appended below the segment being written), so they cannot be affected.
 * Returns the segments removed.
 */
export const collectSegments = async (db: HomingDb, current: number): Promise<number[]> => {
  const files = db.sourceFiles;
  if (!files) return [];
  const rows = await db.sourceSegments.toArray();
  const live = new Set(rows.filter((row) => row.liveBytes > 0).map((row) => row.id));
  const removed: number[] = [];
  for (const segment of await files.list()) {
    if (segment >= current || live.has(segment)) continue;
    await files.remove(segment);
    removed.push(segment);
  }
  const deadRows = rows.filter((row) => row.id < current && row.liveBytes <= 0).map((row) => row.id);
  if (deadRows.length > 0) {
    await db.transaction('rw', db.sourceSegments, async () => {
      // Re-read inside the transaction: only rows still at zero go (a row is only ever raised by
      // appends to the current segment, so this is belt and braces).
      const now = await db.sourceSegments.bulkGet(deadRows);
      await db.sourceSegments.bulkDelete(now.flatMap((row) => (row && row.liveBytes <= 0 ? [row.id] : [])));
    });
  }
  return removed;
};

/** A segment is compacted once less than this share of its file is still needed. */
export const COMPACT_BELOW = 0.5;
/** Sources moved per transaction: a sync batch arriving meanwhile waits for one of these at most. */
const COMPACT_CHUNK = 200;

/**
 * Moves the sources still needed out of each segment below `current` that is mostly unused (deleted
 * mail, or the tail of an interrupted batch), as Thunderbird compacts a folder: they are appended
 * to the current segment and flushed, then, in one transaction per chunk, each message row that
 * still points to the old place is pointed to the new one. A row changed meanwhile (removed, or its
 * source downloaded again) is left as it is, and its copied bytes count for nothing. The emptied
 * segment's file is then deleted by collectSegments.
 *
 * The same rule as collectSegments applies: only the active writer, only while idle. Sync batches
 * arriving meanwhile are safe: appends go through the one appender, and each side re-reads rows
 * inside its transaction. Returns the segments emptied.
 */
export const compactSegments = async (db: HomingDb, appender: SourceAppender, current: number): Promise<number[]> => {
  const files = db.sourceFiles;
  if (!files) return [];
  const emptied: number[] = [];
  const candidates = new Set<number>();
  for (const { id: segment, liveBytes } of await db.sourceSegments.toArray()) {
    if (segment >= current || liveBytes <= 0) continue;
    if (liveBytes < (await files.size(segment)) * COMPACT_BELOW) candidates.add(segment);
  }
  if (candidates.size === 0) return emptied;
  const inSegment = await rowsInSegments(db, candidates);
  for (const segment of candidates) {
    const rows = inSegment.get(segment) ?? [];
    for (let at = 0; at < rows.length; at += COMPACT_CHUNK) {
      const page = rows.slice(at, at + COMPACT_CHUNK);
      const sources = new Map<string, Uint8Array>();
      for (const row of page) {
        const ref = segmentRefOf(row);
        if (ref) sources.set(row.id, await readSegmentBytes(files, row.id, ref));
      }
      const moved = await appender.append(sources);
      if (!moved) return emptied; // appending stopped working here: leave the segment as it is
      await db.transaction('rw', [db.messages, db.sourceSegments], async () => {
        const now = await db.messages.bulkGet(page.map((row) => row.id));
        const delta = new SegmentDelta();
        const pointed: StoredMessage[] = [];
        for (const [i, row] of now.entries()) {
          const before = page[i]!;
          const to = moved.get(before.id);
          const same =
            row && to && row.sourceSegment === segment && row.sourceAt === before.sourceAt && row.sourceBytes === before.sourceBytes;
          if (!same) continue;
          const next = { ...row, sourceSegment: to.segment, sourceAt: to.at };
          pointed.push(next);
          delta.changed(row, next);
        }
        if (pointed.length > 0) await db.messages.bulkPut(pointed);
        await delta.commit(db.sourceSegments);
      });
    }
    emptied.push(segment);
  }
  return emptied;
};

/** Rows scanned per read when compaction looks for the messages of its segments. */
const SCAN_PAGE = 1_000;

/**
 * The message rows whose sources are in `segments`, by one scan of the table in primary-key pages
 * (there is no index on `sourceSegment`: every downloaded message would pay its entry, and only
 * compaction, rare and in the background, asks). Complete for segments below the current one:
 * nothing is appended to them, so no row can come to point into them during the scan.
 */
const rowsInSegments = async (db: HomingDb, segments: Set<number>): Promise<Map<number, StoredMessage[]>> => {
  const found = new Map<number, StoredMessage[]>();
  for (let after: string | null = null; ;) {
    const page: StoredMessage[] = await (after === null ? db.messages.orderBy(':id') : db.messages.where(':id').above(after))
      .limit(SCAN_PAGE)
      .toArray();
    if (page.length === 0) break;
    for (const row of page) {
      if (row.sourceSegment === undefined || !segments.has(row.sourceSegment)) continue;
      const list = found.get(row.sourceSegment);
      if (list) list.push(row);
      else found.set(row.sourceSegment, [row]);
    }
    after = page[page.length - 1]!.id;
  }
  return found;
};
