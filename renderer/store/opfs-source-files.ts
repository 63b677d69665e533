import type { AppendHandle, SegmentDirectory } from './source-files';

const fileName = (segment: number): string => `${segment}.seg`;

/** Segments whose File snapshot is kept for reading (./source-files.ts: readers go segment by segment). */
const SNAPSHOTS = 4;

/** Sync access handles exist only in dedicated workers (the store's writer). */
interface SyncAccessFileHandle {
  createSyncAccessHandle?(): Promise<AppendHandle>;
}

/**
 * The segment files of database `dbName` in the Origin Private File System, in a directory of
 * their own, so a test database never shares files with the user's. Null where OPFS does not
 * exist (Node, an insecure origin): the store then keeps sources inline in IndexedDB.
 */
export const opfsSegmentDirectory = (dbName: string): SegmentDirectory | null => {
  const storage = (globalThis as { navigator?: { storage?: Partial<StorageManager> } }).navigator?.storage;
  if (typeof storage?.getDirectory !== 'function') return null;
  const getRoot = storage.getDirectory.bind(storage);
  let dir: Promise<FileSystemDirectoryHandle> | null = null;
  const directory = (): Promise<FileSystemDirectoryHandle> => {
    if (!dir) {
      dir = getRoot().then((root) => root.getDirectoryHandle(`${dbName}-sources`, { create: true }));
      // A failed lookup is not cached: a later call may succeed (quota freed, origin storage reset).
      dir.catch(() => (dir = null));
    }
    return dir;
  };
  /**
   * The last File taken of each recently read segment. A File per read (the indexer reads every
   * stored message) left the renderer's native memory growing by ~17 KB per message, faster than
   * garbage collection freed it: 24,000 indexed sources took it from 0.5 to 0.9 GB. A segment only
   * ever grows, so a snapshot serves every range it holds; reading it fails once the file changed,
   * and a new one is taken.
   */
  const snapshots = new Map<number, File>();
  return {
    async list() {
      const found: number[] = [];
      // keys() is not in TypeScript's DOM lib for directory handles yet.
      const names = (await directory()) as unknown as { keys(): AsyncIterable<string> };
      for await (const name of names.keys()) {
        const match = /^(\d+)\.seg$/.exec(name);
        if (match) found.push(Number(match[1]));
      }
      return found;
    },
    async openForAppend(segment) {
      const handle: SyncAccessFileHandle = await (await directory()).getFileHandle(fileName(segment), { create: true });
      if (!handle.createSyncAccessHandle) throw new Error('This context cannot append to files (not a dedicated worker)');
      return handle.createSyncAccessHandle();
    },
    async read(segment, at, length) {
      const cached = snapshots.get(segment);
      if (cached && at + length <= cached.size) {
        try {
          return new Uint8Array(await cached.slice(at, at + length).arrayBuffer());
        } catch {
          // The file changed since this snapshot (the segment being appended to): take a new one.
        }
      }
      const file = await (await (await directory()).getFileHandle(fileName(segment))).getFile();
      snapshots.delete(segment);
      snapshots.set(segment, file);
      if (snapshots.size > SNAPSHOTS) snapshots.delete(snapshots.keys().next().value as number);
      return new Uint8Array(await file.slice(at, at + length).arrayBuffer());
    },
    async size(segment) {
      return (await (await (await directory()).getFileHandle(fileName(segment))).getFile()).size;
    },
    async remove(segment) {
      snapshots.delete(segment);
      await (await directory()).removeEntry(fileName(segment));
    },
  };
};
