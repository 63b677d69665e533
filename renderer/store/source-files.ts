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
  /** The file's size in bytes, what stored sources use of it included. */
  size(segment: number): Promise<number>;
  remove(segment: number): Promise<void>;
}

/**
 * A source stored inline, in the `sources` table: where no segment directory exists (Node, tests,
 * a second window), and every source written before version 6. A source in a segment file has no
 * row of its own: its message row says where it is (`sourceSegment`, `sourceAt`, `sourceBytes`).
 */
export interface SourceRow {
  id: string;
  bytes: Uint8Array;
}

/** A segment's running total of bytes that stored refs point to; at 0 its file can go. */
export interface SegmentRow {
  id: number;
  liveBytes: number;
}

/** What a message row says of its source's place. */
interface SourcePlace {
  id: string;
  hasSource: boolean;
  sourceBytes: number;
  sourceSegment?: number;
  sourceAt?: number;
}

/** The segment range a message row points to, or null (no source, or an inline one). */
export const segmentRefOf = (row: SourcePlace): SegmentRef | null =>
  row.hasSource && row.sourceSegment !== undefined && row.sourceAt !== undefined
    ? { segment: row.sourceSegment, at: row.sourceAt, length: row.sourceBytes }
    : null;

/** The first `limit` bytes (or all) of an inline source. */
export const inlineBytes = (row: SourceRow, limit = Infinity): Uint8Array =>
  row.bytes.byteLength > limit ? row.bytes.subarray(0, limit) : row.bytes;

/**
 * The bytes of a message's source in a segment file; with `limit`, only its first `limit` bytes.
 * A range the file does not hold whole is an error, never a short message.
 */
export const readSegmentBytes = async (
  files: SegmentDirectory | null,
  id: string,
  ref: SegmentRef,
  limit = Infinity,
): Promise<Uint8Array> => {
  if (!files) throw new Error(`The source of message ${id} is in segment file ${ref.segment}, which this window cannot read`);
  const wanted = Math.min(ref.length, limit);
  const bytes = await files.read(ref.segment, ref.at, wanted);
  if (bytes.byteLength !== wanted) {
    throw new Error(`Segment file ${ref.segment} holds ${bytes.byteLength} of the ${wanted} bytes wanted of message ${id}`);
  }
  return bytes;
};
