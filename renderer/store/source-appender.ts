import type { AppendHandle, SegmentDirectory, SegmentRef } from './source-files';

/**
 * A segment grows to about this size before the next one starts: small enough that a segment
 * whose mail was deleted is freed soon, large enough that a 100k-message store has few files.
 */
export const SEGMENT_BYTES = 64 * 1024 * 1024;

export interface SourceAppender {
  /**
   * Appends the sources to the current segment and flushes them to disk (the data is durable when
   * this resolves). Null: no segment could be opened here, keep these sources inline. Rejects when
   * writing failed (a full disk: QuotaExceededError); the segment is then cut back to where it was.
   */
  append(sources: ReadonlyMap<string, Uint8Array>): Promise<Map<string, SegmentRef> | null>;
  /** The segment being appended to (null before the first append, or when inline). */
  current(): number | null;
  close(): void;
}

/**
 * The writer's appender over `files`. Appends run one at a time, in call order (the writer calls
 * it in the order batches arrive). Segments are numbered from 1; on opening, the highest existing
 * number is continued, as its tail may only hold bytes of an interrupted batch.
 */
export const createSourceAppender = (
  files: SegmentDirectory,
  log: (message: string, error?: unknown) => void = (m, e) => console.warn(m, e),
  segmentBytes = SEGMENT_BYTES,
): SourceAppender => {
  type Open = { segment: number; handle: AppendHandle };
  let state: Open | 'inline' | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const open = async (segment: number): Promise<Open | 'inline'> => {
    try {
      return { segment, handle: await files.openForAppend(segment) };
    } catch (error) {
      // Another window's store worker holds the file, or this browser cannot append here. Inline
      // rows are as safe, only slower, so this writer keeps to them until it restarts.
      log(`Homing store: cannot append to source segment ${segment}; keeping sources in the database`, error);
      return 'inline';
    }
  };

  const appendNow = async (sources: ReadonlyMap<string, Uint8Array>): Promise<Map<string, SegmentRef> | null> => {
    if (state === null) {
      let highest = 0;
      try {
        highest = Math.max(0, ...(await files.list()));
      } catch (error) {
        log('Homing store: cannot list source segments; keeping sources in the database', error);
        state = 'inline';
        return null;
      }
      state = await open(Math.max(1, highest));
    }
    if (state === 'inline') return null;
    if (state.handle.getSize() >= segmentBytes) {
      const next = state.segment + 1;
      state.handle.close();
      state = await open(next);
      if (state === 'inline') return null;
    }
    const { segment, handle } = state;
    const start = handle.getSize();
    const refs = new Map<string, SegmentRef>();
    let at = start;
    try {
      for (const [id, bytes] of sources) {
        const written = handle.write(bytes, { at });
        if (written !== bytes.byteLength)
          throw new Error(`Wrote ${written} of ${bytes.byteLength} bytes of message ${id} to source segment ${segment}`);
        refs.set(id, { segment, at, length: bytes.byteLength });
        at += bytes.byteLength;
      }
      handle.flush();
    } catch (error) {
      try {
        handle.truncate(start);
        handle.flush();
      } catch {
        // The bytes past `start` belong to no ref either way; they are only wasted space.
      }
      throw error;
    }
    return refs;
  };

  return {
    append(sources) {
      const result = queue.then(() => appendNow(sources));
      queue = result.catch(() => undefined);
      return result;
    },
    current: () => (typeof state === 'object' && state !== null ? state.segment : null),
    close() {
      if (typeof state === 'object' && state !== null) state.handle.close();
      state = null;
    },
  };
};
