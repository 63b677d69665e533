import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { z } from 'zod';

import { type Account, accountSchema, type AccountSettings, HomingError } from '../../contract';
import { writeFileAtomic } from '../fs/atomic-write';

const fileSchema = z.object({ version: z.literal(1), accounts: z.array(accountSchema) });

/**
 * Account settings (never secrets) owned by the main process in `accounts.json`. The renderer's
 * store receives copies through sync batches, but this file is the source of truth the engine
 * needs before any window exists.
 */
export class AccountRepo {
  private accounts: Account[] = [];
  private readonly path: string;

  private constructor(dataDir: string) {
    this.path = join(dataDir, 'accounts.json');
  }

  static async open(dataDir: string): Promise<AccountRepo> {
    const repo = new AccountRepo(dataDir);
    try {
      const raw = JSON.parse(await readFile(repo.path, 'utf8')) as unknown;
      const parsed = fileSchema.safeParse(raw);
      if (!parsed.success) throw new HomingError('store_failed', `accounts.json is unreadable: ${parsed.error.issues[0]?.message}`);
      repo.accounts = parsed.data.accounts;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return repo;
  }

  list(): Account[] {
    return [...this.accounts];
  }

  get(id: string): Account {
    const found = this.accounts.find((a) => a.id === id);
    if (!found) throw new HomingError('not_found', 'That account no longer exists.');
    return found;
  }

  async add(settings: AccountSettings, now: number): Promise<Account> {
    const account: Account = { ...settings, id: randomUUID(), createdAt: now };
    await this.save([...this.accounts, account]);
    return account;
  }

  async update(id: string, settings: AccountSettings): Promise<Account> {
    const old = this.get(id);
    const account: Account = { ...settings, id, createdAt: old.createdAt };
    await this.save(this.accounts.map((a) => (a.id === id ? account : a)));
    return account;
  }

  async remove(id: string): Promise<void> {
    this.get(id);
    await this.save(this.accounts.filter((a) => a.id !== id));
  }

  private async save(next: Account[]): Promise<void> {
    await writeFileAtomic(this.path, JSON.stringify({ version: 1, accounts: next }, null, 2));
    this.accounts = next;
  }
}
