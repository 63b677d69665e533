import type { AppendHandle, SegmentDirectory } from '../../renderer/store/source-files';

interface MemoryFile {
  bytes: Uint8Array;
  size: number;
  /** Bytes known to be on disk: everything up to the last flush. */
  flushed: number;
  locked: boolean;
}

export interface MemorySegments extends SegmentDirectory {
  files: Map<number, MemoryFile>;
  /** The next write throws this (then writing works again). */
  failNextWrite: Error | null;
  /** Every call, in order: "open 1", "write 1@0+5", "flush 1", "truncate 1→0", "close 1", "remove 1". */
  calls: string[];
  /** The content of a segment as a string (for assertions). */
  text(segment: number): string;
}

const lockedError = (): Error =>
  Object.assign(new Error('Access Handles cannot be created if there is another open Access Handle'), {
    name: 'NoModificationAllowedError',
  });

/**
 * An in-memory stand-in for the OPFS segment directory, with the same locking (one append
 * handle per file) and failure points, for exercising the store's segment path in Node.
 */
export const memorySegments = (): MemorySegments => {
  const files = new Map<number, MemoryFile>();
  const calls: string[] = [];
  const self: MemorySegments = {
    files,
    failNextWrite: null,
    calls,
    text: (segment) => Buffer.from(files.get(segment)?.bytes.subarray(0, files.get(segment)?.size ?? 0) ?? []).toString(),
    list: () => Promise.resolve([...files.keys()]),
    openForAppend(segment) {
      let file = files.get(segment);
      if (file?.locked) return Promise.reject(lockedError());
      if (!file) files.set(segment, (file = { bytes: new Uint8Array(1024), size: 0, flushed: 0, locked: false }));
      file.locked = true;
      calls.push(`open ${segment}`);
      const f = file;
      let closed = false;
      const live = () => {
        if (closed) throw Object.assign(new Error('The access handle was closed'), { name: 'InvalidStateError' });
      };
      const handle: AppendHandle = {
        getSize: () => (live(), f.size),
        write(data, { at }) {
          live();
          const failure = self.failNextWrite;
          if (failure) {
            self.failNextWrite = null;
            // Like a disk filling up halfway: part of the data lands before the error.
            const half = Math.floor(data.byteLength / 2);
            handle.write(data.subarray(0, half), { at });
            throw failure;
          }
          if (at + data.byteLength > f.bytes.byteLength) {
            const grown = new Uint8Array(Math.max(f.bytes.byteLength * 2, at + data.byteLength));
            grown.set(f.bytes.subarray(0, f.size));
            f.bytes = grown;
          }
          f.bytes.set(data, at);
          f.size = Math.max(f.size, at + data.byteLength);
          calls.push(`write ${segment}@${at}+${data.byteLength}`);
          return data.byteLength;
        },
        flush() {
          live();
          f.flushed = f.size;
          calls.push(`flush ${segment}`);
        },
        truncate(size) {
          live();
          f.size = Math.min(f.size, size);
          f.flushed = Math.min(f.flushed, size);
          calls.push(`truncate ${segment}→${size}`);
        },
        close() {
          if (closed) return;
          closed = true;
          f.locked = false;
          calls.push(`close ${segment}`);
        },
      };
      return Promise.resolve(handle);
    },
    read(segment, at, length) {
      const file = files.get(segment);
      if (!file) return Promise.reject(Object.assign(new Error(`No segment ${segment}`), { name: 'NotFoundError' }));
      return Promise.resolve(file.bytes.slice(Math.min(at, file.size), Math.min(at + length, file.size)));
    },
    size(segment) {
      const file = files.get(segment);
      return file
        ? Promise.resolve(file.size)
        : Promise.reject(Object.assign(new Error(`No segment ${segment}`), { name: 'NotFoundError' }));
    },
    remove(segment) {
      const file = files.get(segment);
      if (!file) return Promise.reject(Object.assign(new Error(`No segment ${segment}`), { name: 'NotFoundError' }));
      if (file.locked) return Promise.reject(lockedError());
      files.delete(segment);
      calls.push(`remove ${segment}`);
      return Promise.resolve();
    },
  };
  return self;
};
