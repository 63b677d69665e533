import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { HomingError } from '../../contract';

/**
 * Write-then-rename with fsync, so a crash or a full disk leaves either the old file or the new
 * one, never a torn file. ENOSPC surfaces as `disk_full` in plain words.
 */
export const writeFileAtomic = async (path: string, data: string | Uint8Array, mode = 0o600): Promise<void> => {
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  let handle;
  try {
    handle = await open(tmp, 'w', mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, path);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw new HomingError('disk_full', 'The disk is full, so Homing could not save its settings. Free some space and try again.');
    }
    throw err;
  }
};
