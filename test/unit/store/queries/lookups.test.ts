import { afterEach, describe, expect, it } from 'vitest';

import { cacheParsedBody } from '../../../../renderer/store/body-cache';
import type { HomingDb } from '../../../../renderer/store/db';
import { getBody } from '../../../../renderer/store/queries/get-body';
import { getMessage } from '../../../../renderer/store/queries/get-message';
import { getSource } from '../../../../renderer/store/queries/get-source';
import { listAccounts } from '../../../../renderer/store/queries/list-accounts';
import { account, freshDb, message, parsedBody, seed, setupOps } from '../fixtures';

let db: HomingDb;
afterEach(() => db.delete());

const parsed = parsedBody('hi', 's');

describe('lookups', () => {
  it('lists accounts in the order they were added', async () => {
    db = freshDb();
    await seed(db, [
      { op: 'putAccount', account: { ...account('b'), createdAt: 2 } },
      { op: 'putAccount', account: { ...account('a'), createdAt: 3 } },
      { op: 'putAccount', account: { ...account('c'), createdAt: 1 } },
    ]);
    expect((await listAccounts(db)).map((a) => a.id)).toEqual(['c', 'b', 'a']);
  });

  it('gets a message, its exact source, and its cached body', async () => {
    db = freshDb();
    const m = message({ folderId: 'acc1/INBOX' });
    const headerOnly = message({ folderId: 'acc1/INBOX' });
    const raw = new Uint8Array([0x46, 0x72, 0x6f, 0x6d, 0x3a, 0xff, 0x00, 0x0d, 0x0a]);
    await seed(db, [...setupOps(), { op: 'putMessages', messages: [m, headerOnly], sources: [{ id: m.id, bytes: raw }] }]);

    expect(await getMessage(db, m.id)).toMatchObject({ id: m.id, subject: m.subject, hasSource: true });
    expect(await getMessage(db, 'acc1/none')).toBeNull();
    expect(await getSource(db, m.id)).toEqual(raw);
    expect(await getSource(db, headerOnly.id)).toBeNull();

    expect(await getBody(db, m.id)).toBeNull();
    expect(await cacheParsedBody(db, m.id, parsed)).toBe(true);
    expect(await getBody(db, m.id)).toMatchObject({ id: m.id, text: 'hi' });
    // No body is cached for a message whose source is not here.
    expect(await cacheParsedBody(db, headerOnly.id, parsed)).toBe(false);
    expect(await getBody(db, headerOnly.id)).toBeNull();
  });
});
