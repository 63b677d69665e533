import { afterEach, describe, expect, it } from 'vitest';

import { opfsSegmentDirectory } from '../../../renderer/store/opfs-source-files';

/**
 * A stand-in for the Origin Private File System, as much of it as reading needs: each getFile()
 * is a snapshot of the file's bytes then, which fails to read once the file changed (as Chromium's
 * File does: NotReadableError).
 */
const fakeStorage = () => {
  const files = new Map<string, { bytes: Uint8Array; version: number }>();
  let getFiles = 0;
  const snapshot = (name: string) => {
    const file = files.get(name)!;
    const taken = file.version;
    const bytes = file.bytes;
    return {
      size: bytes.length,
      slice: (from: number, to: number) => ({
        arrayBuffer: async () => {
          if (files.get(name)?.version !== taken) throw new DOMException('changed since the snapshot', 'NotReadableError');
          return bytes.slice(from, to).buffer;
        },
      }),
    };
  };
  const directory = {
    getFileHandle: async (name: string) => {
      if (!files.has(name)) throw new DOMException('no such file', 'NotFoundError');
      return {
        getFile: async () => {
          getFiles += 1;
          return snapshot(name);
        },
      };
    },
    removeEntry: async (name: string) => void files.delete(name),
  };
  return {
    storage: { getDirectory: async () => ({ getDirectoryHandle: async () => directory }) },
    write: (segment: number, text: string) => {
      const before = files.get(`${segment}.seg`);
      files.set(`${segment}.seg`, { bytes: new TextEncoder().encode(text), version: (before?.version ?? 0) + 1 });
    },
    getFiles: () => getFiles,
  };
};

const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
afterEach(() => {
  if (original) Object.defineProperty(globalThis, 'navigator', original);
});

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('OPFS segment reads', () => {
  it('reads ranges of a segment from one snapshot, and takes a new one for bytes past it or once the file changed', async () => {
    const fake = fakeStorage();
    Object.defineProperty(globalThis, 'navigator', { value: { storage: fake.storage }, configurable: true });
    const dir = opfsSegmentDirectory('homing-test')!;
    fake.write(1, 'aaaabbbbcccc');

    expect(text(await dir.read(1, 0, 4))).toBe('aaaa');
    expect(text(await dir.read(1, 4, 4))).toBe('bbbb');
    expect(text(await dir.read(1, 8, 4))).toBe('cccc');
    expect(fake.getFiles()).toBe(1);

    // Appended: a range past the snapshot takes a new one, and so does a read of the old snapshot.
    fake.write(1, 'aaaabbbbccccdddd');
    expect(text(await dir.read(1, 12, 4))).toBe('dddd');
    expect(fake.getFiles()).toBe(2);
    fake.write(1, 'aaaabbbbccccddddeeee');
    expect(text(await dir.read(1, 0, 4))).toBe('aaaa');
    expect(fake.getFiles()).toBe(3);

    // A removed segment is not read from a kept snapshot.
    await dir.remove(1);
    await expect(dir.read(1, 0, 4)).rejects.toThrow(/no such file/);
  });
});
