import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

import { writeFileAtomic } from '../fs/atomic-write';
import type { OutboxRecord } from './outbox-state';

const ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The Outbox on disk: `<dir>/<id>.eml` (the message as built, Bcc included) and `<id>.json`
 * (its record). The .eml is written first and removed last, so a record never points at missing
 * bytes; each write is atomic with fsync (writeFileAtomic), so a crash leaves the old version or
 * the new one, never a torn file.
 */
export class OutboxFiles {
  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<OutboxFiles> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return new OutboxFiles(dir);
  }

  private path(id: string, ext: 'json' | 'eml'): string {
    if (!ID.test(id)) throw new Error(`not an outbox id: ${id}`);
    return join(this.dir, `${id}.${ext}`);
  }

  async create(record: OutboxRecord, message: Buffer): Promise<void> {
    await writeFileAtomic(this.path(record.id, 'eml'), message);
    await writeFileAtomic(this.path(record.id, 'json'), JSON.stringify(record));
  }

  async save(record: OutboxRecord): Promise<void> {
    await writeFileAtomic(this.path(record.id, 'json'), JSON.stringify(record));
  }

  async message(id: string): Promise<Buffer> {
    return readFile(this.path(id, 'eml'));
  }

  async remove(id: string): Promise<void> {
    await unlink(this.path(id, 'json')).catch(ignoreMissing);
    await unlink(this.path(id, 'eml')).catch(ignoreMissing);
  }

  /** Every record whose bytes exist; stray files from an interrupted create or remove are tidied. */
  async loadAll(): Promise<OutboxRecord[]> {
    const names = await readdir(this.dir);
    const ids = new Set(names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)));
    const emls = new Set(names.filter((n) => n.endsWith('.eml')).map((n) => n.slice(0, -4)));
    const out: OutboxRecord[] = [];
    for (const id of ids) {
      if (!ID.test(id)) continue;
      if (!emls.has(id)) {
        // Cannot happen through create(); a record without bytes cannot be sent or shown.
        await unlink(this.path(id, 'json')).catch(ignoreMissing);
        continue;
      }
      try {
        out.push(JSON.parse(await readFile(this.path(id, 'json'), 'utf8')) as OutboxRecord);
      } catch {
        // Unreadable record: keep the files for a human, skip the entry.
      }
    }
    // An .eml without a record: create() died between its two writes; nothing was queued.
    for (const id of emls) if (!ids.has(id) && ID.test(id)) await unlink(this.path(id, 'eml')).catch(ignoreMissing);
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }
}

const ignoreMissing = (err: NodeJS.ErrnoException): void => {
  if (err.code !== 'ENOENT') throw err;
};
