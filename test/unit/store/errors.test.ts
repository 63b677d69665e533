import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';

import { HomingError } from '../../../electron/contract/result';
import { isQuotaExceeded, toStoreError } from '../../../renderer/store/errors';

const quota = (): DOMException => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('toStoreError', () => {
  it.each([
    ['a DOMException', quota()],
    ['a Dexie QuotaExceededError', new Dexie.QuotaExceededError('full', quota())],
    ['the inner error of an aborted transaction', new Dexie.AbortError('Transaction aborted', quota())],
    ['an error nested twice', new Dexie.AbortError('aborted', new Dexie.DatabaseClosedError(quota()))],
    ['a failure of a bulk operation', new Dexie.BulkError('1 of 2 operations failed', { 1: quota() })],
    ['a cause', new Error('wrapped', { cause: quota() })],
  ])('maps QuotaExceededError in %s to disk_full', (_, error) => {
    expect(isQuotaExceeded(error)).toBe(true);
    const mapped = toStoreError(error, 'Could not save');
    expect(mapped.code).toBe('disk_full');
    expect(mapped.message).toMatch(/Disk full/);
    expect(mapped.message).toMatch(/nothing was deleted from the server/);
  });

  it('maps other failures to store_failed, naming the action and the error', () => {
    const mapped = toStoreError(new Dexie.ConstraintError('Key already exists'), 'Could not save batch b1');
    expect(mapped).toEqual({ code: 'store_failed', message: 'Could not save batch b1 (ConstraintError: Key already exists).' });
    expect(toStoreError('odd', 'Could not read').code).toBe('store_failed');
  });

  it('maps a database that cannot be opened to store_unavailable', () => {
    expect(toStoreError(new Dexie.OpenFailedError('blocked'), 'x').code).toBe('store_unavailable');
    expect(toStoreError(new Dexie.DatabaseClosedError('closed'), 'x').code).toBe('store_unavailable');
  });

  it('keeps the code of a HomingError thrown on purpose', () => {
    expect(toStoreError(new HomingError('store_failed', 'Folder f holds mail'), 'x')).toEqual({
      code: 'store_failed',
      message: 'Folder f holds mail',
    });
  });

  it('survives a cycle of inner errors', () => {
    const a = new Dexie.AbortError('a') as unknown as { inner: unknown };
    a.inner = a;
    expect(toStoreError(a, 'x').code).toBe('store_failed');
  });
});
