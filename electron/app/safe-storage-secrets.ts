import { chmod, mkdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

import { safeStorage } from 'electron';

import { HomingError } from '../contract';
import type { SecretStore } from '../engine';
import { writeFileAtomic } from '../engine/fs/atomic-write';

/**
 * Account passwords encrypted with Electron's safeStorage (macOS Keychain, Windows DPAPI, the
 * Linux desktop's keyring) — one 0600 file per account in a 0700 folder under userData/secrets.
 * Invariant 7: a password never reaches a log or an error message; only the account id (a UUID)
 * and the failing operation do.
 *
 * On Linux without a keyring Chromium falls back to `basic_text`: a key hard-coded in Chromium,
 * which protects nothing. Homing then refuses to save a password and says why, instead of writing
 * a file that only looks encrypted.
 */
export class SafeStorageSecretStore implements SecretStore {
  constructor(
    private readonly dir: string,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** Plain words for settings. Read after the app is ready (safeStorage answers only then). */
  get protection(): string {
    if (!safeStorage.isEncryptionAvailable()) {
      return 'Homing cannot encrypt passwords on this computer right now, so it does not save them.';
    }
    switch (this.platform) {
      case 'darwin':
        return 'Passwords are encrypted with a key kept in your macOS Keychain.';
      case 'win32':
        return 'Passwords are encrypted with Windows (DPAPI), readable only when you are signed in to this Windows account.';
      default:
        break;
    }
    const backend = this.linuxBackend();
    if (backend === 'basic_text') {
      return (
        'This Linux desktop offers no keyring (such as GNOME Keyring or KWallet) Homing can use, so it ' +
        'cannot protect saved passwords and will not save them.'
      );
    }
    if (backend?.startsWith('kwallet')) return 'Passwords are encrypted with a key kept in KWallet.';
    if (backend === 'gnome_libsecret') return 'Passwords are encrypted with a key kept in your desktop keyring (Secret Service).';
    return 'Passwords are encrypted with a key kept in your desktop keyring.';
  }

  async get(accountId: string): Promise<string | null> {
    let encrypted: Buffer;
    try {
      encrypted = await readFile(this.file(accountId));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new HomingError('store_failed', `Homing could not read the saved password of account ${accountId}.`);
    }
    try {
      return safeStorage.decryptString(encrypted);
    } catch {
      // The keyring changed, is locked, or the file was written on another machine.
      throw new HomingError(
        'store_failed',
        'Homing could not unlock the saved password for this account. Unlock your keyring, or enter the password again.',
        { accountId },
      );
    }
  }

  async set(accountId: string, secret: string): Promise<void> {
    this.assertCanProtect();
    const file = this.file(accountId);
    let encrypted: Buffer;
    try {
      encrypted = safeStorage.encryptString(secret);
    } catch {
      throw new HomingError('store_failed', 'Homing could not encrypt the password with your system keyring, so it was not saved.');
    }
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // mkdir's mode does not apply to a folder that already exists (or is masked by umask).
    await chmod(this.dir, 0o700).catch(() => undefined);
    try {
      // Write-then-rename, created 0600: a crash leaves the old file or the new one, never half.
      await writeFileAtomic(file, encrypted, 0o600);
    } catch (err) {
      if (err instanceof HomingError) throw err;
      throw new HomingError('store_failed', 'Homing could not save the password to disk.');
    }
  }

  async delete(accountId: string): Promise<void> {
    await unlink(this.file(accountId)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT')
        throw new HomingError('store_failed', `Homing could not remove the saved password of account ${accountId}.`);
    });
  }

  private linuxBackend(): string | null {
    // getSelectedStorageBackend exists on Linux only; its answer before `ready` is 'unknown'.
    return typeof safeStorage.getSelectedStorageBackend === 'function' ? safeStorage.getSelectedStorageBackend() : null;
  }

  private assertCanProtect(): void {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new HomingError(
        'store_failed',
        'Homing cannot encrypt passwords on this computer right now (no system keyring answered), so it did not save the password.',
      );
    }
    if (this.platform === 'linux' && this.linuxBackend() === 'basic_text') {
      throw new HomingError(
        'store_failed',
        'This Linux desktop offers no keyring (such as GNOME Keyring or KWallet), so Homing will not save your ' +
          'password where anyone who can read your files could recover it. Install or unlock a keyring and try again.',
      );
    }
  }

  private file(accountId: string): string {
    // Account ids are UUIDs; anything else could name a path outside the folder.
    if (!/^[A-Za-z0-9-]{1,128}$/.test(accountId)) throw new HomingError('invalid_input', 'Not an account id.');
    return join(this.dir, `${accountId}.bin`);
  }
}
