/**
 * Message sources kept in append-only segment files beside the database, as Thunderbird keeps mail
 * in mbox files beside its index. Measured in Chromium (10,000 messages, 220 MB, one flush or one
 * strict transaction per 500): writing the bytes into IndexedDB rows cost ~2.7 s of wall time and
 * ~3.5 s of CPU (structured clone in the worker, LevelDB in the browser, one blob file per value
 * over 64 KB); appending them to an Origin Private File System file with a sync access handle and
 * flushing cost ~0.2 s. IndexedDB keeps only where each source is (`SegmentRef`), in the same
 * transaction as its message row.
 *
 * Order of writes (invariant 1): a batch's bytes are appended and flushed to disk BEFORE the
 * transaction that records their refs opens, so a committed ref always points at durable bytes.
 * A crash between the two leaves bytes that no ref points to: wasted space, never lost or
 * duplicated mail.
 */

/** Where a source's bytes are in the segment files. */
export interface SegmentRef {
  segment: number;
  at: number;
  length: number;
}

/** The synchronous part of a FileSystemSyncAccessHandle that appending needs. */
export interface AppendHandle {
  getSize(): number;
  write(data: Uint8Array, options: { at: number }): number;
  flush(): void;
  truncate(size: number): void;
  close(): void;
}

/** A directory of numbered segment files: OPFS in Chromium (./opfs-source-files.ts), memory in tests. */
export interface SegmentDirectory {
  /** The segment numbers present, in any order. */
  list(): Promise<number[]>;
  /**
   * Opens a segment for appending, creating it. Rejects while another context holds it (a second
   * window's store worker): that writer then keeps its sources inline.
   */
  openForAppend(segment: number): Promise<AppendHandle>;
  /** Reads a range; works from any context, also while a writer holds the file. */
  read(segment: number, at: number, length: number): Promise<Uint8Array>;
  remove(segment: number): Promise<void>;
}

/**
 * A stored source: its bytes inline (where no segment directory exists: Node, tests, a second
 * window; and every row written before version 6), or a range of a segment file.
 */
export type SourceRow = { id: string; bytes: Uint8Array } | ({ id: string } & SegmentRef);

/** A segment's running total of bytes that stored refs point to; at 0 its file can go. */
export interface SegmentRow {
  id: number;
  liveBytes: number;
}

export const isInline = (row: SourceRow): row is { id: string; bytes: Uint8Array } => 'bytes' in row;

/**
 * The bytes of a stored source, wherever they are; with `limit`, only its first `limit` bytes (an
 * inline row gives a view). A range the file does not hold whole is an error, never a short message.
 */
export const readSourceBytes = async (files: SegmentDirectory | null, row: SourceRow, limit = Infinity): Promise<Uint8Array> => {
  if (isInline(row)) return row.bytes.byteLength > limit ? row.bytes.subarray(0, limit) : row.bytes;
  if (!files) throw new Error(`The source of message ${row.id} is in segment file ${row.segment}, which this window cannot read`);
  const wanted = Math.min(row.length, limit);
  const bytes = await files.read(row.segment, row.at, wanted);
  if (bytes.byteLength !== wanted) {
    throw new Error(`Segment file ${row.segment} holds ${bytes.byteLength} of the ${wanted} bytes wanted of message ${row.id}`);
  }
  return bytes;
};
