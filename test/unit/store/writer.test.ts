import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';

import { cacheParsedBody } from '../../../renderer/store/body-cache';
import { indexQueuedBodies } from '../../../renderer/store/body-indexer';
import { HomingDb } from '../../../renderer/store/db';
import { searchMessages } from '../../../renderer/store/queries/search-messages';
import { createStoreWriter } from '../../../renderer/store/writer';
import {
  account,
  apply,
  bytes,
  counts,
  folder,
  freshDb,
  inlineSource,
  message,
  parsedBody,
  popEntry,
  popStates,
  setupOps,
  watchTransactions,
} from './fixtures';

const opened: HomingDb[] = [];
const track = (db: HomingDb): HomingDb => {
  opened.push(db);
  return db;
};
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

const quota = (): DOMException => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('apply', () => {
  it('acknowledges only after the transaction completed, and the data is durable for another connection', async () => {
    const db = track(freshDb());
    const log = watchTransactions(db);
    const writer = createStoreWriter(db);
    const m = message({ folderId: 'acc1/INBOX' });

    const seenByOther: unknown[] = [];
    const answer = await writer
      .handle(apply([...setupOps(), { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: bytes('raw') }] }]))
      .then(async (result) => {
        log.events.push('answered');
        // A second, independent connection to the same database, opened at the moment of the answer.
        const other = new HomingDb(db.name);
        seenByOther.push(await other.messages.get(m.id), await other.sources.get(m.id));
        other.close();
        return result;
      });

    expect(answer).toEqual({ ok: true, value: { committed: true } });
    expect(log.events).toEqual(['complete', 'answered']);
    expect(log.readWriteCount).toBe(1);
    expect(log.durabilities).toEqual(['strict']);
    expect(seenByOther[0]).toMatchObject({ id: m.id, hasSource: true, sourceBytes: 3 });
    expect(seenByOther[1]).toEqual({ id: m.id, bytes: bytes('raw') });
  });

  it('writes nothing and does not acknowledge when an op fails after earlier ops wrote', async () => {
    const db = track(freshDb());
    const log = watchTransactions(db);
    const writer = createStoreWriter(db);
    const m = message({ folderId: 'acc1/INBOX' });

    const result = await writer.handle(
      apply([
        ...setupOps(),
        { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: bytes('raw') }] },
        { op: 'putPopState', entries: [popEntry('acc1', m.remoteKey, m.id)] },
        // A source for a message that exists nowhere: throws inside the transaction.
        { op: 'putMessages', messages: [], sources: [{ id: 'acc1/ghost', bytes: bytes('x') }] },
      ]),
    );

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('store_failed');
      expect(result.error.message).toContain('acc1/ghost');
    }
    expect(log.events).not.toContain('complete');
    expect(await counts(db)).toEqual({
      accounts: 0,
      folders: 0,
      messages: 0,
      sources: 0,
      bodies: 0,
      popState: 0,
      imapFolderState: 0,
      accountStats: 0,
      searchTerms: 0,
      bodyIndexQueue: 0,
      sourceSegments: 0,
      folderCounts: 0,
      folderSorts: 0,
    });
    // The transaction was rolled back (IndexedDB fires 'abort' after Dexie has already rejected).
    expect(log.events).toEqual(['abort']);
  });

  it('maps QuotaExceededError to disk_full, saying nothing was deleted from the server, and writes nothing', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    db.sources.hook('creating', () => {
      throw quota();
    });
    const m = message({ folderId: 'acc1/INBOX' });

    const result = await writer.handle(
      apply([
        ...setupOps(),
        { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: bytes('raw') }] },
        { op: 'putPopState', entries: [popEntry('acc1', m.remoteKey, m.id)] },
      ]),
    );

    expect(result).toMatchObject({ ok: false, error: { code: 'disk_full' } });
    if (!result.ok) expect(result.error.message).toMatch(/nothing was deleted from the server/);
    expect(await db.messages.count()).toBe(0);
    expect(await popStates(db)).toHaveLength(0);
    expect(await db.accounts.count()).toBe(0);
  });

  it('is idempotent: the same batch applied twice stores everything once', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const m1 = message({ folderId: 'acc1/INBOX', subject: 'Quarterly numbers' });
    const m2 = message({ folderId: 'acc1/INBOX', subject: 'Lunch' });
    const request = apply([
      ...setupOps(),
      { op: 'putMessages', messages: [m1, m2], sources: [{ id: m1.id, bytes: bytes('one') }] },
      { op: 'putPopState', entries: [popEntry('acc1', m1.remoteKey, m1.id), popEntry('acc1', m2.remoteKey, m2.id)] },
    ]);

    // The message with a source is found once the background indexer has read it.
    expect((await writer.handle(request)).ok).toBe(true);
    await indexQueuedBodies(db);
    const once = await counts(db);
    expect((await writer.handle(request)).ok).toBe(true);
    await indexQueuedBodies(db);

    expect(await counts(db)).toEqual(once);
    expect(once).toMatchObject({ accounts: 1, folders: 1, messages: 2, sources: 1, popState: 2 });
    expect(await searchMessages(db, 'quarterly')).toHaveLength(1);
  });

  it('commits POP3 state in the same transaction as the messages: never one without the other', async () => {
    const m = message({ folderId: 'acc1/INBOX' });
    const ops = [
      ...setupOps(),
      { op: 'putMessages' as const, messages: [m], sources: [{ id: m.id, bytes: bytes('raw') }] },
      { op: 'putPopState' as const, entries: [popEntry('acc1', m.remoteKey, m.id)] },
    ];

    // Both committed, by one transaction.
    const ok = track(freshDb());
    const log = watchTransactions(ok);
    expect((await createStoreWriter(ok).handle(apply(ops))).ok).toBe(true);
    expect(log.readWriteCount).toBe(1);
    expect(await ok.messages.get(m.id)).toBeDefined();
    expect((await popStates(ok)).map((s) => s.id)).toEqual([`acc1/${m.remoteKey}`]);

    // The state's write fails: the message goes too.
    const failState = track(freshDb());
    failState.popStateLog.hook('creating', () => {
      throw quota();
    });
    expect((await createStoreWriter(failState).handle(apply(ops))).ok).toBe(false);
    expect(await failState.messages.count()).toBe(0);
    expect(await popStates(failState)).toHaveLength(0);

    // The message's write fails: the state goes too.
    const failMessage = track(freshDb());
    failMessage.messages.hook('creating', () => {
      throw new Error('simulated write failure');
    });
    const failed = await createStoreWriter(failMessage).handle(apply(ops));
    expect(failed).toMatchObject({ ok: false, error: { code: 'store_failed' } });
    expect(await failMessage.messages.count()).toBe(0);
    expect(await popStates(failMessage)).toHaveLength(0);
  });

  it('rejects a batch that does not match the contract before writing anything', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const bad = message({ folderId: 'acc1/INBOX' }) as unknown as Record<string, unknown>;
    delete bad.subject;

    const missingField = await writer.handleUnknown(apply([...setupOps(), { op: 'putMessages', messages: [bad as never], sources: [] }]));
    expect(missingField).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const textBytes = await writer.handleUnknown({
      kind: 'apply',
      batch: { id: 'b', accountId: null, ops: [{ op: 'putMessages', messages: [], sources: [{ id: 'x', bytes: 'cmF3' }] }] },
    });
    expect(textBytes).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    expect(await writer.handleUnknown({ kind: 'format-disk' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await writer.handleUnknown(null)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await db.accounts.count()).toBe(0);
  });

  it("rejects a batch for one account that carries another account's data", async () => {
    const db = track(freshDb());
    const result = await createStoreWriter(db).handle(apply([...setupOps('acc2')], 'acc1'));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await db.accounts.count()).toBe(0);
  });

  it('refuses a message in a folder that is not stored', async () => {
    const db = track(freshDb());
    const result = await createStoreWriter(db).handle(
      apply([{ op: 'putMessages', messages: [message({ folderId: 'acc1/Nowhere' })], sources: [] }]),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'store_failed' } });
  });

  it('writes no source when a check inside the op fails after the sources were queued', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    await writer.handle(apply(setupOps()));
    const good = message({ folderId: 'acc1/INBOX' });
    const lost = message({ folderId: 'acc1/Nowhere' });

    const result = await writer.handle(
      apply([
        {
          op: 'putMessages',
          messages: [good, lost],
          sources: [
            { id: good.id, bytes: bytes('good') },
            { id: lost.id, bytes: bytes('lost') },
          ],
        },
        { op: 'putPopState', entries: [popEntry('acc1', good.remoteKey, good.id)] },
      ]),
    );

    expect(result).toMatchObject({ ok: false, error: { code: 'store_failed' } });
    expect(await db.sources.count()).toBe(0);
    expect(await db.messages.count()).toBe(0);
    expect(await popStates(db)).toHaveLength(0);
    expect(await db.accountStats.count()).toBe(0);
  });

  it('refuses a source alone for a message that is not stored, writing nothing', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    await writer.handle(apply(setupOps()));

    const result = await writer.handle(apply([{ op: 'putMessages', messages: [], sources: [{ id: 'acc1/ghost', bytes: bytes('x') }] }]));

    expect(result).toMatchObject({ ok: false, error: { code: 'store_failed' } });
    expect(await db.sources.count()).toBe(0);
  });

  it('applies an empty batch as committed', async () => {
    const db = track(freshDb());
    expect(await createStoreWriter(db).handle(apply([]))).toEqual({ ok: true, value: { committed: true } });
  });

  it('stores exactly the bytes of a view into a larger buffer (invariant 3)', async () => {
    const db = track(freshDb());
    const m = message({ folderId: 'acc1/INBOX' });
    const download = Buffer.from('+OK\r\nFrom: a@b\r\n\r\nbody\xff\r\n.\r\n', 'latin1');
    const exact = download.subarray(5, download.length - 5);

    await createStoreWriter(db).handle(apply([...setupOps(), { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: exact }] }]));

    const stored = await inlineSource(db, m.id);
    expect(stored.constructor).toBe(Uint8Array);
    expect(stored.buffer.byteLength).toBe(exact.length);
    expect(Buffer.from(stored).equals(exact)).toBe(true);
    expect((await db.messages.get(m.id))!.sourceBytes).toBe(exact.length);
  });
});

describe('putMessages', () => {
  it('adds a source to a stored message, marking it as here and dropping the stale parsed body', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const m = message({ folderId: 'acc1/INBOX', location: 'server', hasSource: false });
    await writer.handle(apply([...setupOps('acc1', 'imap'), { op: 'putMessages', messages: [m], sources: [] }]));
    expect(await db.messages.get(m.id)).toMatchObject({ hasSource: false, sourceBytes: 0 });

    await writer.handle(apply([{ op: 'putMessages', messages: [], sources: [{ id: m.id, bytes: bytes('v1') }] }]));
    await cacheParsedBody(db, m.id, parsedBody('v1'));
    expect(await db.bodies.get(m.id)).toBeDefined();

    await writer.handle(apply([{ op: 'putMessages', messages: [], sources: [{ id: m.id, bytes: bytes('v2!') }] }]));
    expect(await db.messages.get(m.id)).toMatchObject({ hasSource: true, sourceBytes: 3, location: 'server' });
    expect(await db.bodies.get(m.id)).toBeUndefined();
  });

  it('drops the parsed body when a header and a new source replace a message that had both', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const m = message({ folderId: 'acc1/INBOX', subject: 'First' });
    await writer.handle(apply([...setupOps(), { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: bytes('v1') }] }]));
    await cacheParsedBody(db, m.id, parsedBody('v1'));
    const other = message({ folderId: 'acc1/INBOX', subject: 'Other' });
    await writer.handle(apply([{ op: 'putMessages', messages: [other], sources: [{ id: other.id, bytes: bytes('o') }] }]));
    await cacheParsedBody(db, other.id, parsedBody('o'));

    await writer.handle(
      apply([{ op: 'putMessages', messages: [{ ...m, subject: 'Second' }], sources: [{ id: m.id, bytes: bytes('v2!') }] }]),
    );

    expect(await db.messages.get(m.id)).toMatchObject({ subject: 'Second', hasSource: true, sourceBytes: 3 });
    expect(Buffer.from(await inlineSource(db, m.id)).toString()).toBe('v2!');
    expect(await db.bodies.get(m.id)).toBeUndefined();
    // A message the batch did not touch keeps its body.
    expect(await db.bodies.get(other.id)).toBeDefined();
    expect(await db.accountStats.get('acc1')).toMatchObject({ messages: 2, bytesHere: 4 });
  });

  it('keeps the stored source when the header is re-put without one, and re-indexes a changed subject', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const m = message({ folderId: 'acc1/INBOX', subject: 'Budget draft' });
    await writer.handle(apply([...setupOps(), { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: bytes('raw') }] }]));

    await writer.handle(apply([{ op: 'putMessages', messages: [{ ...m, subject: 'Budget final', hasSource: false }], sources: [] }]));

    expect(await db.messages.get(m.id)).toMatchObject({ hasSource: true, sourceBytes: 3, subject: 'Budget final' });
    expect(await searchMessages(db, 'draft')).toHaveLength(0);
    expect((await searchMessages(db, 'final')).map((r) => r.id)).toEqual([m.id]);
  });
  it('adds new messages without reading them first, and rewrites the stored ones in the same batch from what was stored', async () => {
    const db = track(freshDb());
    const readKeys: string[] = [];
    db.use({
      stack: 'dbcore',
      name: 'test-message-gets',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          if (name !== 'messages') return table;
          return {
            ...table,
            get: (req) => (readKeys.push(String(req.key)), table.get(req)),
            getMany: (req) => (readKeys.push(...req.keys.map(String)), table.getMany(req)),
          };
        },
      }),
    });
    const arrived: string[] = [];
    const writer = createStoreWriter(db, { onArrivals: (rows) => arrived.push(...rows.map((r) => r.id)) });
    const old = message({ folderId: 'acc1/INBOX', subject: 'Old', seen: false });
    await writer.handle(
      apply([...setupOps(), { op: 'putMessages', messages: [old], sources: [{ id: old.id, bytes: bytes('old source') }] }]),
    );
    expect(readKeys).toEqual([]);
    arrived.length = 0;

    const fresh = [message({ folderId: 'acc1/INBOX', seen: false }), message({ folderId: 'acc1/INBOX', seen: true })];
    const result = await writer.handle(
      apply([
        {
          op: 'putMessages',
          messages: [fresh[0]!, { ...old, subject: 'Old, renamed', seen: true }, fresh[1]!],
          sources: [{ id: fresh[0]!.id, bytes: bytes('new') }],
        },
      ]),
    );

    expect(result.ok).toBe(true);
    expect(readKeys).toEqual([old.id]);
    expect(arrived).toEqual([fresh[0]!.id, fresh[1]!.id]);
    expect(await db.messages.get(old.id)).toMatchObject({ subject: 'Old, renamed', hasSource: true, sourceBytes: 10, seen: true });
    expect(await db.messages.get(fresh[0]!.id)).toMatchObject({ hasSource: true, sourceBytes: 3 });
    expect(await db.messages.get(fresh[1]!.id)).toMatchObject({ hasSource: false, sourceBytes: 0 });
    expect(await db.folderCounts.get('acc1/INBOX')).toEqual({ folderId: 'acc1/INBOX', total: 3, unread: 1 });
    expect(await db.accountStats.get('acc1')).toMatchObject({ messages: 3, bytesHere: 13 });
  });
});

describe('patchMessages', () => {
  it('changes flags and location, moves between folders, and skips messages that are not stored', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const m = message({ folderId: 'acc1/INBOX' });
    await writer.handle(
      apply([
        ...setupOps(),
        { op: 'putFolders', folders: [folder('acc1', 'Archive', 'archive')] },
        { op: 'putMessages', messages: [m], sources: [] },
      ]),
    );

    const result = await writer.handle(
      apply([
        {
          op: 'patchMessages',
          patches: [
            { id: m.id, seen: true, location: 'local', serverCopyUntil: null },
            { id: m.id, folderId: 'acc1/Archive' },
            { id: 'acc1/gone', seen: true },
          ],
        },
      ]),
    );

    expect(result.ok).toBe(true);
    expect(await db.messages.get(m.id)).toMatchObject({ seen: true, unread: 0, location: 'local', folderId: 'acc1/Archive' });
    expect(await db.messages.count()).toBe(1);
  });

  it('refuses to move a message into a folder that is not stored', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const m = message({ folderId: 'acc1/INBOX' });
    await writer.handle(apply([...setupOps(), { op: 'putMessages', messages: [m], sources: [] }]));
    const result = await writer.handle(apply([{ op: 'patchMessages', patches: [{ id: m.id, seen: true, folderId: 'acc1/Nope' }] }]));
    expect(result.ok).toBe(false);
    expect(await db.messages.get(m.id)).toMatchObject({ seen: false, folderId: 'acc1/INBOX' });
  });
});

describe('search entries', () => {
  it('are written for new messages and changed headers only: flags, moves and bodies leave them alone', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const m = message({ folderId: 'acc1/INBOX', subject: 'Invoice 4711', seen: false });
    await writer.handle(apply([...setupOps(), { op: 'putMessages', messages: [m], sources: [] }]));
    const writes: string[] = [];
    db.searchTerms.hook('creating', (id) => void writes.push(`create ${String(id)}`));
    db.searchTerms.hook('updating', (_changes, id) => void writes.push(`update ${String(id)}`));

    const ok = async (ops: Parameters<typeof apply>[0]) => expect((await writer.handle(apply(ops))).ok).toBe(true);
    await ok([{ op: 'patchMessages', patches: [{ id: m.id, seen: true, flagged: true }] }]);
    await ok([{ op: 'putMessages', messages: [], sources: [{ id: m.id, bytes: bytes('Subject: Invoice 4711\r\n\r\nbody') }] }]);
    // The same header again (an IMAP resync after a reconnect): nothing to reindex.
    await ok([{ op: 'putMessages', messages: [{ ...m, seen: true }], sources: [] }]);
    expect(writes).toEqual([]);
    expect((await searchMessages(db, 'invoice')).map((r) => r.id)).toEqual([m.id]);

    await ok([{ op: 'putMessages', messages: [{ ...m, subject: 'Receipt 4711' }], sources: [] }]);
    expect(writes).toHaveLength(1);
    expect(await searchMessages(db, 'invoice')).toEqual([]);
    expect((await searchMessages(db, 'receipt')).map((r) => r.id)).toEqual([m.id]);
  });
});

describe('removeMessages', () => {
  it('removes messages with their sources, parsed bodies and search entries, and nothing else', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const gone = message({ folderId: 'acc1/INBOX', subject: 'Invoice 4711' });
    const kept = message({ folderId: 'acc1/INBOX', subject: 'Invoice 4712' });
    await writer.handle(
      apply([
        ...setupOps(),
        {
          op: 'putMessages',
          messages: [gone, kept],
          sources: [
            { id: gone.id, bytes: bytes('a') },
            { id: kept.id, bytes: bytes('b') },
          ],
        },
        { op: 'putPopState', entries: [popEntry('acc1', gone.remoteKey, gone.id)] },
      ]),
    );
    await indexQueuedBodies(db);
    await cacheParsedBody(db, gone.id, parsedBody('a'));
    const indexed = () => db.searchTerms.where('terms').between(['invoice'], ['invoice', Dexie.maxKey]).primaryKeys();
    expect((await indexed()).sort()).toEqual([gone.id, kept.id].sort());

    const result = await writer.handle(apply([{ op: 'removeMessages', ids: [gone.id, 'acc1/never-stored'] }]));

    expect(result.ok).toBe(true);
    expect(await db.messages.get(gone.id)).toBeUndefined();
    expect(await db.sources.get(gone.id)).toBeUndefined();
    expect(await db.bodies.get(gone.id)).toBeUndefined();
    expect(await indexed()).toEqual([kept.id]);
    expect((await searchMessages(db, 'invoice')).map((r) => r.id)).toEqual([kept.id]);
    expect(await db.sources.get(kept.id)).toBeDefined();
    // POP3 state outlives the message: it is what stops the next run downloading it again.
    expect(await popStates(db)).toHaveLength(1);
  });
});

describe('removeFolders and removeAccount', () => {
  it('removes a folder with its messages, but refuses while it holds mail that exists only here', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const cached = message({ folderId: 'acc1/Old', location: 'server+local' });
    const onlyHere = message({ folderId: 'acc1/Old', location: 'local' });
    await writer.handle(
      apply([
        ...setupOps('acc1', 'imap'),
        { op: 'putFolders', folders: [folder('acc1', 'Old')] },
        { op: 'putMessages', messages: [cached, onlyHere], sources: [{ id: onlyHere.id, bytes: bytes('only copy') }] },
        { op: 'putImapFolderState', states: [{ folderId: 'acc1/Old', uidValidity: '1', highestModseq: null, uidNext: 3 }] },
      ]),
    );

    const refused = await writer.handle(apply([{ op: 'removeFolders', folderIds: ['acc1/Old'] }]));
    expect(refused).toMatchObject({ ok: false, error: { code: 'store_failed' } });
    expect(await db.sources.get(onlyHere.id)).toBeDefined();

    await writer.handle(apply([{ op: 'removeMessages', ids: [onlyHere.id] }]));
    expect((await writer.handle(apply([{ op: 'removeFolders', folderIds: ['acc1/Old'] }]))).ok).toBe(true);
    expect(await db.folders.get('acc1/Old')).toBeUndefined();
    expect(await db.messages.count()).toBe(0);
    expect(await db.imapFolderState.count()).toBe(0);
  });

  it('removes an account with everything stored for it, leaving other accounts alone', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const a = message({ folderId: 'acc1/INBOX', remoteKey: 'a1' });
    const a2 = message({ folderId: 'acc1/INBOX', remoteKey: 'a2' });
    const b = message({ folderId: 'acc2/INBOX' });
    await writer.handle(
      apply([
        ...setupOps('acc1'),
        ...setupOps('acc2'),
        {
          op: 'putMessages',
          messages: [a, a2, b],
          sources: [
            { id: a.id, bytes: bytes('a') },
            { id: a2.id, bytes: bytes('a2') },
            { id: b.id, bytes: bytes('b') },
          ],
        },
        { op: 'putPopState', entries: [popEntry('acc1', a.remoteKey, a.id), popEntry('acc2', b.remoteKey, b.id)] },
        { op: 'putImapFolderState', states: [{ folderId: 'acc1/INBOX', uidValidity: '7', highestModseq: null, uidNext: null }] },
      ]),
    );
    // acc1/a1 indexed, acc1/a2 and acc2's message still queued: removal must clear both kinds.
    await indexQueuedBodies(db, 1);
    expect(await db.searchTerms.toCollection().primaryKeys()).toEqual([a.id]);

    expect((await writer.handle(apply([{ op: 'removeAccount', accountId: 'acc1' }], 'acc1'))).ok).toBe(true);

    expect(await counts(db)).toEqual({
      accounts: 1,
      folders: 1,
      messages: 1,
      sources: 1,
      bodies: 0,
      popState: 1,
      imapFolderState: 0,
      accountStats: 1,
      searchTerms: 0,
      bodyIndexQueue: 1,
      sourceSegments: 0,
      folderCounts: 1, // acc2's inbox
      folderSorts: 0,
    });
    await indexQueuedBodies(db);
    expect(await db.searchTerms.toCollection().primaryKeys()).toEqual([b.id]);
  });
});

describe('reads', () => {
  it('answers readPopState, readImapFolderStates and readSource from the database', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const m = message({ folderId: 'acc1/INBOX' });
    const entry = popEntry('acc1', m.remoteKey, m.id);
    const state = { folderId: 'acc1/INBOX', uidValidity: '42', highestModseq: '9001', uidNext: 17 };
    await writer.handle(
      apply([
        ...setupOps('acc1'),
        ...setupOps('acc10'),
        { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: bytes('\r\n.x\r\n') }] },
        { op: 'putPopState', entries: [entry, popEntry('acc10', 'other', 'acc10/other')] },
        { op: 'putImapFolderState', states: [state, { ...state, folderId: 'acc10/INBOX' }] },
      ]),
    );

    expect(await writer.handle({ kind: 'readPopState', accountId: 'acc1' })).toEqual({ ok: true, value: [entry] });
    expect(await writer.handle({ kind: 'readImapFolderStates', accountId: 'acc1' })).toEqual({ ok: true, value: [state] });
    expect(await writer.handle({ kind: 'readSource', messageId: m.id })).toEqual({ ok: true, value: { bytes: bytes('\r\n.x\r\n') } });
    expect(await writer.handle({ kind: 'readSource', messageId: 'acc1/none' })).toEqual({ ok: true, value: null });
    expect(await writer.handle({ kind: 'readPopState', accountId: 'nobody' })).toEqual({ ok: true, value: [] });
  });
});

describe('accounts', () => {
  it('stores the account as given (it carries no secrets)', async () => {
    const db = track(freshDb());
    await createStoreWriter(db).handle(apply([{ op: 'putAccount', account: account('acc1') }]));
    expect(await db.accounts.get('acc1')).toEqual(account('acc1'));
  });
});
