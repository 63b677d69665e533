import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

import { SafeStorageSecretStore } from '../../../electron/app/safe-storage-secrets';
import { HomingError } from '../../../electron/contract';
import { fake } from './fake-electron';

const ACCOUNT = '3f1c2b8e-6d0a-4c1e-9a57-0b7f3e2d9c41';
const SECRET = 'correct horse battery staple ✓';

let root: string;
let dir: string;

const rejection = async (promise: Promise<unknown>): Promise<HomingError> => {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HomingError);
  return err as HomingError;
};

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'homing-secrets-'));
  dir = join(root, 'secrets');
  vi.clearAllMocks();
  fake.safeStorage.available = true;
  fake.safeStorage.backend = 'gnome_libsecret';
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('safeStorage secret store', () => {
  it('round-trips a password through an encrypted 0600 file in a 0700 folder', async () => {
    const store = new SafeStorageSecretStore(dir, 'linux');
    await store.set(ACCOUNT, SECRET);
    await expect(store.get(ACCOUNT)).resolves.toBe(SECRET);

    const files = await readdir(dir);
    expect(files).toEqual([`${ACCOUNT}.bin`]);
    const file = join(dir, files[0]!);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const onDisk = await readFile(file);
    expect(onDisk.includes(Buffer.from(SECRET))).toBe(false);
    expect(fake.safeStorage.encryptString).toHaveBeenCalledWith(SECRET);
  });

  it('replaces a password, deletes it, and answers null for an account without one', async () => {
    const store = new SafeStorageSecretStore(dir, 'darwin');
    await expect(store.get(ACCOUNT)).resolves.toBeNull();
    await store.set(ACCOUNT, 'first');
    await store.set(ACCOUNT, 'second');
    await expect(store.get(ACCOUNT)).resolves.toBe('second');
    expect(await readdir(dir)).toEqual([`${ACCOUNT}.bin`]);
    await store.delete(ACCOUNT);
    await store.delete(ACCOUNT);
    await expect(store.get(ACCOUNT)).resolves.toBeNull();
  });

  it('refuses to save on Linux without a keyring (basic_text) and says so plainly', async () => {
    fake.safeStorage.backend = 'basic_text';
    const store = new SafeStorageSecretStore(dir, 'linux');
    expect(store.protection).toMatch(/no keyring/);
    expect(store.protection).toMatch(/will not save/);
    const err = await rejection(store.set(ACCOUNT, SECRET));
    expect(err.code).toBe('store_failed');
    expect(err.message).toMatch(/no keyring/);
    expect(err.message).not.toContain(SECRET);
    expect(fake.safeStorage.encryptString).not.toHaveBeenCalledWith(SECRET);
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses to save when the OS offers no encryption at all', async () => {
    fake.safeStorage.available = false;
    const store = new SafeStorageSecretStore(dir, 'win32');
    expect(store.protection).toMatch(/cannot encrypt/);
    const err = await rejection(store.set(ACCOUNT, SECRET));
    expect(err.code).toBe('store_failed');
  });

  it('reports a password it cannot decrypt as store_failed, without the ciphertext or the secret', async () => {
    const store = new SafeStorageSecretStore(dir, 'linux');
    await store.set(ACCOUNT, SECRET);
    await writeFile(join(dir, `${ACCOUNT}.bin`), Buffer.from('garbage from another keyring'));
    const err = await rejection(store.get(ACCOUNT));
    expect(err.code).toBe('store_failed');
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain('garbage');
  });

  it('rejects an account id that could name a path outside its folder', async () => {
    const store = new SafeStorageSecretStore(dir, 'linux');
    for (const id of ['../escape', '/etc/passwd', 'a/b', '', 'x'.repeat(200)]) {
      const err = await rejection(store.set(id, SECRET));
      expect(err.code).toBe('invalid_input');
    }
  });

  it('describes the protection in plain words per platform', () => {
    expect(new SafeStorageSecretStore(dir, 'darwin').protection).toMatch(/Keychain/);
    expect(new SafeStorageSecretStore(dir, 'win32').protection).toMatch(/Windows/);
    fake.safeStorage.backend = 'kwallet5';
    expect(new SafeStorageSecretStore(dir, 'linux').protection).toMatch(/KWallet/);
    fake.safeStorage.backend = 'gnome_libsecret';
    expect(new SafeStorageSecretStore(dir, 'linux').protection).toMatch(/keyring/);
  });
});
