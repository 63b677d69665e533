import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';

import { indexQueuedBodies } from '../../../renderer/store/body-indexer';
import { CURRENT_VERSION, type HomingDb, openHomingDb } from '../../../renderer/store/db';
import { searchMessages } from '../../../renderer/store/queries/search-messages';
import { storageStats } from '../../../renderer/store/queries/storage-stats';
import { searchRowOf, searchTermsOf, toStoredMessage } from '../../../renderer/store/rows';
import { dexieAtVersion, freshDb, message, popEntry, popStates, watchTransactions } from './fixtures';

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
      [
        'accountStats',
        'accounts',
        'bodies',
        'bodyIndexQueue',
        'folders',
        'imapFolderState',
        'messages',
        'popStateLog',
        'searchTerms',
        'sources',
        'sourceSegments',
        'folderCounts',
        'folderSorts',
      ].sort(),
    );
    expect(db.messages.schema.indexes.map((index) => index.name).sort()).toEqual(
      ['[folderId+date]', '[folderId+fromSort]', '[folderId+sizeSort]', '[folderId+subjectSort]', 'localOnly'].sort(),
    );
    // The search index lives in its own table, so rewriting a message row never rewrites it.
    expect(db.messages.schema.idxByName.terms).toBeUndefined();
    expect(db.searchTerms.schema.idxByName.terms).toMatchObject({ multi: true, keyPath: 'terms' });
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

describe('migration 1 → 3', () => {
  it('builds the search index and storage totals from the messages stored by version 1', async () => {
    const v1 = dexieAtVersion(1);
    const name = v1.name;
    const old = toStoredMessage(
      message({ folderId: 'acc1/INBOX', subject: 'Migrated report', snippet: 'from the old days', location: 'local' }),
      1234,
    );
    const other = toStoredMessage(message({ folderId: 'acc1/INBOX', subject: 'Unrelated' }), null);
    await v1.table('messages').bulkPut([old, other]);
    v1.close();

    const db: HomingDb = openHomingDb(name);
    opened.push(db);
    await db.open();

    expect(db.verno).toBe(CURRENT_VERSION);
    expect(await db.messages.count()).toBe(2);
    expect(await db.searchTerms.where('terms').between(['migrated'], ['migrated', Dexie.maxKey]).primaryKeys()).toEqual([old.id]);
    expect((await db.searchTerms.get(old.id))!.terms).toContainEqual(['report', old.date]);
    expect(await db.messages.get(old.id)).not.toHaveProperty('terms');
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
    const v1 = dexieAtVersion(1);
    const name = v1.name;
    const rows = Array.from({ length: 2_345 }, (_, i) =>
      toStoredMessage(message({ folderId: 'acc1/INBOX', subject: `Ticket ${i}`, date: 1_700_000_000_000 + i }), null),
    );
    await v1.table('messages').bulkPut(rows);
    v1.close();

    const db = openHomingDb(name);
    opened.push(db);
    expect(await db.searchTerms.where('terms').between(['ticket'], ['ticket', Dexie.maxKey]).count()).toBe(2_345);
    expect((await storageStats(db, 'acc1')).messages).toBe(2_345);
  });
});

describe('migration 2 → 3', () => {
  it('moves each message’s search entries into searchTerms, page by page, and search still finds them', async () => {
    const v2 = dexieAtVersion(2);
    const name = v2.name;
    const rows = Array.from({ length: 2_100 }, (_, i) => {
      const row = toStoredMessage(
        message({ folderId: i % 2 ? 'acc1/INBOX' : 'acc2/INBOX', subject: `Invoice ${i}`, date: 1_700_000_000_000 + i }),
        null,
      );
      return { ...row, terms: searchTermsOf(row) };
    });
    await v2.table('messages').bulkPut(rows);
    v2.close();

    const db = openHomingDb(name);
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(await db.searchTerms.count()).toBe(2_100);
    const sample = rows[1_234]!;
    expect(await db.searchTerms.get(sample.id)).toEqual({
      id: sample.id,
      accountId: sample.accountId,
      date: sample.date,
      terms: sample.terms,
    });
    expect((await db.messages.toArray()).filter((row) => 'terms' in row)).toEqual([]);
    expect((await searchMessages(db, 'invoice 1234')).map((m) => m.id)).toEqual([sample.id]);
  });
});

describe('migration 3 → 4', () => {
  it('queues every message stored with its source for body indexing, page by page, and the indexer finds its words', async () => {
    const v3 = dexieAtVersion(3);
    const name = v3.name;
    const rows = Array.from({ length: 2_100 }, (_, i) =>
      toStoredMessage(message({ folderId: 'acc1/INBOX', subject: `Note ${i}`, date: 1_700_000_000_000 + i }), i % 3 === 0 ? 40 : null),
    );
    await v3.table('messages').bulkPut(rows);
    await v3.table('searchTerms').bulkPut(rows.map(searchRowOf));
    const withSource = rows.filter((row) => row.hasSource);
    await v3
      .table('sources')
      .bulkPut(
        withSource.map((row) => ({ id: row.id, bytes: new TextEncoder().encode(`Subject: x\r\n\r\nBody marsupial ${row.id}\r\n`) })),
      );
    v3.close();

    const db = openHomingDb(name);
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    expect((await db.bodyIndexQueue.toCollection().primaryKeys()).sort()).toEqual(withSource.map((row) => row.id).sort());
    expect(await db.messages.count()).toBe(2_100);
    expect(await searchMessages(db, 'marsupial')).toEqual([]);

    while ((await indexQueuedBodies(db, 500)) > 0);
    expect(await db.bodyIndexQueue.count()).toBe(0);
    expect(await db.searchTerms.where('terms').between(['marsupial'], ['marsupial', Dexie.maxKey]).count()).toBe(withSource.length);
    expect((await searchMessages(db, 'marsupial 300 note')).map((m) => m.id)).toEqual([rows[300]!.id]);
  });
});

describe('migration 4 → 5', () => {
  it('drops the unused date and messageId indexes of messages, keeping every row, list order and search', async () => {
    const v4 = dexieAtVersion(4);
    const name = v4.name;
    const rows = Array.from({ length: 50 }, (_, i) =>
      toStoredMessage(message({ folderId: 'acc1/INBOX', subject: `Report number${i}`, date: 1_700_000_000_000 + i }), null),
    );
    await v4.table('messages').bulkPut(rows);
    await v4.table('searchTerms').bulkPut(rows.map(searchRowOf));
    v4.close();

    const db = openHomingDb(name);
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    const indexes = db.messages.schema.indexes.map((index) => index.name);
    expect(indexes).not.toContain('date');
    expect(indexes).not.toContain('messageId');
    expect(indexes).toContain('[folderId+date]');
    // The same, as IndexedDB itself has it (Dexie's schema is what it was told).
    const native = db.backendDB().transaction('messages').objectStore('messages').indexNames;
    expect([...native].sort()).toEqual([...indexes].sort());
    expect(await db.messages.count()).toBe(50);
    const newest = await db.messages.where('[folderId+date]').between(['acc1/INBOX', Dexie.minKey], ['acc1/INBOX', Dexie.maxKey]).last();
    expect(newest?.subject).toBe('Report number49');
    expect((await searchMessages(db, 'report number7')).map((m) => m.id)).toEqual([rows[7]!.id]);
  });
});

describe('migration 6 → 7', () => {
  it('moves every POP3 UIDL row into the state log, by account and in chunks, and drops the old table', async () => {
    const v6 = dexieAtVersion(6);
    const name = v6.name;
    const big = Array.from({ length: 12_345 }, (_, i) => ({
      ...popEntry('acc1', `u${i}`, `acc1/m${i}`),
      state: i % 3 === 0 ? 'deleted' : 'downloaded',
    }));
    const other = [popEntry('acc2', 'x', 'acc2/x')];
    await v6.table('popState').bulkPut([...big, ...other]);
    v6.close();

    const db = openHomingDb(name);
    opened.push(db);
    await db.open();
    expect(db.tables.map((t) => t.name)).not.toContain('popState');
    expect([...db.backendDB().objectStoreNames]).not.toContain('popState');
    const rows = await db.popStateLog.toArray();
    expect(rows.map((r) => [r.accountId, r.entries.length]).sort()).toEqual([
      ['acc1', 2_345],
      ['acc1', 5_000],
      ['acc1', 5_000],
      ['acc2', 1],
    ]);
    const byId = new Map((await popStates(db)).map((s) => [s.id, s]));
    expect(byId.size).toBe(12_346);
    for (const entry of [...big, ...other]) expect(byId.get(entry.id)).toEqual(entry);
  });
});

describe('migration 7 → 8', () => {
  it('drops three message indexes (and, in 9, makes the column sorts sparse) and marks the rows whose only copy is here for the sparse localOnly index', async () => {
    const v7 = dexieAtVersion(7);
    const name = v7.name;
    const local = toStoredMessage(message({ folderId: 'acc1/INBOX', location: 'local' }), null);
    const kept = toStoredMessage(message({ folderId: 'acc1/INBOX', location: 'server+local' }), null);
    const imap = toStoredMessage(message({ folderId: 'acc2/INBOX', location: 'server' }), null);
    const stripped = [local, kept, imap].map(({ localOnly: _none, ...row }) => row);
    await v7.table('messages').bulkPut(stripped);
    v7.close();

    const db = openHomingDb(name);
    opened.push(db);
    await db.open();
    const native = db.backendDB().transaction('messages').objectStore('messages').indexNames;
    expect([...native].sort()).toEqual(
      ['[folderId+date]', '[folderId+fromSort]', '[folderId+sizeSort]', '[folderId+subjectSort]', 'localOnly'].sort(),
    );
    expect(await db.messages.where('localOnly').equals('acc1').primaryKeys()).toEqual([local.id]);
    expect(await db.messages.count()).toBe(3);
    expect(await db.messages.get(kept.id)).toEqual(stripped[1]);
  });
});
