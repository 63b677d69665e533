import { mkdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

import { writeFileAtomic } from '../fs/atomic-write';
import type { SecretStore } from './secret-store';

/**
 * The browser host's secret store: one 0600 file per account in a 0700 folder of the data
 * directory. Readable by anyone who can read this user's files — README.md says so plainly.
 */
export class FileSecretStore implements SecretStore {
  readonly protection = 'Stored in a file only your user account can read (no OS keyring in the browser host).';

  constructor(private readonly dir: string) {}

  private file(accountId: string): string {
    if (!/^[A-Za-z0-9-]+$/.test(accountId)) throw new Error('bad account id');
    return join(this.dir, `${accountId}.secret`);
  }

  async get(accountId: string): Promise<string | null> {
    try {
      return await readFile(this.file(accountId), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async set(accountId: string, secret: string): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file(accountId), secret, 0o600);
  }

  async delete(accountId: string): Promise<void> {
    await unlink(this.file(accountId)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
}
