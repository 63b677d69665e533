import { type AppError, HomingError } from '../../electron/contract/result';

/**
 * Turns whatever a Dexie transaction threw into a contract error. The engine treats every failure
 * the same way (no acknowledgement, so no DELE, retry later); the codes exist so the UI can say
 * what the user can do about it.
 */

const UNAVAILABLE = new Set([
  'OpenFailedError',
  'VersionError',
  'DatabaseClosedError',
  'MissingAPIError',
  'UpgradeError',
]);

/** Every error reachable from `error`: Dexie wraps causes in `inner`; BulkError lists `failures`. */
const causes = (error: unknown, seen = new Set<unknown>()): unknown[] => {
  if (error === null || typeof error !== 'object' || seen.has(error)) return [];
  seen.add(error);
  const found: unknown[] = [error];
  const e = error as { inner?: unknown; cause?: unknown; failures?: unknown };
  found.push(...causes(e.inner, seen), ...causes(e.cause, seen));
  const failures = Array.isArray(e.failures) ? e.failures : e.failures && typeof e.failures === 'object' ? Object.values(e.failures) : [];
  for (const failure of failures) found.push(...causes(failure, seen));
  return found;
};

const nameOf = (error: unknown): string =>
  error && typeof error === 'object' && typeof (error as { name?: unknown }).name === 'string' ? (error as { name: string }).name : '';

export const isQuotaExceeded = (error: unknown): boolean => causes(error).some((e) => nameOf(e) === 'QuotaExceededError');

export const DISK_FULL_MESSAGE =
  'Disk full — this mail was not saved here, so nothing was deleted from the server. Free some disk space and Homing will try again.';

/** `action` says what failed, in words for the user: "Could not save new mail here". */
export const toStoreError = (error: unknown, action: string): AppError => {
  if (error instanceof HomingError) return error.toAppError();
  if (isQuotaExceeded(error)) return { code: 'disk_full', message: DISK_FULL_MESSAGE };
  const name = nameOf(error) || 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (causes(error).some((e) => UNAVAILABLE.has(nameOf(e)))) {
    return { code: 'store_unavailable', message: `The local mail store could not be opened (${name}: ${message}).` };
  }
  return { code: 'store_failed', message: `${action} (${name}: ${message}).` };
};
