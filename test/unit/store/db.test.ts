import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';

import { CURRENT_VERSION, type HomingDb, openHomingDb, schemaV1 } from '../../../renderer/store/db';
import { searchMessages } from '../../../renderer/store/queries/search-messages';
import { storageStats } from '../../../renderer/store/queries/storage-stats';
import { toStoredMessage } from '../../../renderer/store/rows';
import { freshDb, message, watchTransactions } from './fixtures';

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('HomingDb', () => {
  it('opens at the current version with every table', async () => {
    const db = freshDb();
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(
      ['accountStats', 'accounts', 'bodies', 'folders', 'imapFolderState', 'messages', 'popState', 'sources'].sort(),
    );
    expect(db.messages.schema.idxByName['[folderId+unread]']).toBeDefined();
    expect(db.messages.schema.idxByName.terms).toMatchObject({ multi: true, keyPath: 'terms' });
  });

  it("creates every read-write transaction with durability 'strict'", async () => {
    const db = freshDb();
    opened.push(db);
    const log = watchTransactions(db);
    await db.accounts.put({ id: 'x' } as never);
    await db.transaction('rw', db.folders, () => db.folders.clear());
    expect(log.durabilities).toEqual(['strict', 'strict']);
  });

  it('opens by default as "homing"', () => {
    const db = openHomingDb();
    expect(db.name).toBe('homing');
    db.close();
  });
});

describe('migration 1 → 2', () => {
  it('builds the search index and storage totals from the messages stored by version 1', async () => {
    const name = `homing-test-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(schemaV1);
    const { terms: _t1, ...old } = toStoredMessage(
      message({ folderId: 'acc1/INBOX', subject: 'Migrated report', snippet: 'from the old days', location: 'local' }),
      1234,
    );
    const { terms: _t2, ...other } = toStoredMessage(message({ folderId: 'acc1/INBOX', subject: 'Unrelated' }), null);
    await v1.table('messages').bulkPut([old, other]);
    v1.close();

    const db: HomingDb = openHomingDb(name);
    opened.push(db);
    await db.open();

    expect(db.verno).toBe(2);
    expect(await db.messages.count()).toBe(2);
    expect(await db.messages.where('terms').between(['migrated'], ['migrated', Dexie.maxKey]).primaryKeys()).toEqual([old.id]);
    expect((await db.messages.get(old.id))!.terms).toContainEqual(['report', old.date]);
    expect((await searchMessages(db, 'old da')).map((m) => m.id)).toEqual([old.id]);
    expect(await storageStats(db, 'acc1')).toEqual({
      messages: 2,
      bytesHere: 1234,
      onlyHereCount: 1,
      onlyHereBytes: 1234,
      serverOnlyCount: 0,
    });
  });

  it('indexes every message when there are more than one page of them', async () => {
    const name = `homing-test-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(schemaV1);
    const rows = Array.from({ length: 2_345 }, (_, i) => {
      const { terms: _terms, ...row } = toStoredMessage(message({ folderId: 'acc1/INBOX', subject: `Ticket ${i}`, date: 1_700_000_000_000 + i }), null);
      return row;
    });
    await v1.table('messages').bulkPut(rows);
    v1.close();

    const db = openHomingDb(name);
    opened.push(db);
    expect(await db.messages.where('terms').between(['ticket'], ['ticket', Dexie.maxKey]).count()).toBe(2_345);
    expect((await storageStats(db, 'acc1')).messages).toBe(2_345);
  });
});
