import { afterEach, describe, expect, it, vi } from 'vitest';

import type { MessageHeader } from '../../../electron/contract/mail';
import type { HomingDb } from '../../../renderer/store/db';
import { listMessageIds } from '../../../renderer/store/queries/list-message-ids';
import { listMessagePage } from '../../../renderer/store/queries/list-message-page';
import { fromSortKey, subjectSortKey } from '../../../renderer/store/rows';
import { COLUMN_SORTS, type ColumnSort, SORT_INDEX } from '../../../renderer/store/sort-keys';
import { requestSortIndex, setStoreRequester } from '../../../renderer/store/sort-requests';
import { createStoreWriter } from '../../../renderer/store/writer';
import { apply, folder, freshDb, message, setupOps, watchReads } from './fixtures';

let db: HomingDb;
afterEach(async () => {
  setStoreRequester(null);
  await db.delete();
});

const names = ['Zoe', 'adam', 'Émile', 'bob', 'Carla'];
const make = (n: number, folderId = 'acc1/INBOX', prefix = 'm'): MessageHeader[] =>
  Array.from({ length: n }, (_, i) =>
    message({
      folderId,
      remoteKey: `${prefix}${String(i).padStart(4, '0')}`,
      date: 1_700_000_000_000 + ((i * 7919) % n) * 60_000,
      size: 1000 + ((i * 31) % 97) * 10,
      subject: `${i % 4 === 0 ? 'Re: ' : ''}Topic ${String.fromCharCode(65 + (i % 26))}`,
      from: [{ name: names[i % names.length]!, address: `${i}@example.org` }],
    }),
  );

const keyOf: Record<ColumnSort, (m: Pick<MessageHeader, 'from' | 'subject' | 'size'>) => string | number> = {
  from: (m) => fromSortKey(m.from),
  subject: (m) => subjectSortKey(m.subject),
  size: (m) => m.size,
};
const expected = (messages: MessageHeader[], sort: ColumnSort, desc: boolean): string[] => {
  const sorted = [...messages].sort((a, b) => {
    const ka = keyOf[sort](a);
    const kb = keyOf[sort](b);
    return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return (desc ? sorted.reverse() : sorted).map((m) => m.id);
};

const indexEntries = (sort: ColumnSort, folderId = 'acc1/INBOX') =>
  db.messages.where(SORT_INDEX[sort]).between([folderId, -Infinity], [folderId, '\uffff\uffff']).primaryKeys();

let reads: ReturnType<typeof watchReads> = [];
const setup = async (messages: MessageHeader[]) => {
  db = freshDb();
  reads = watchReads(db);
  const writer = createStoreWriter(db);
  const seeded = await writer.handle(
    apply([...setupOps(), { op: 'putFolders', folders: [folder('acc1', 'Other')] }, { op: 'putMessages', messages, sources: [] }]),
  );
  expect(seeded.ok).toBe(true);
  return writer;
};

describe('column sort indexes, kept only for folders sorted that way', () => {
  it('writes no sort index entry for a folder nobody sorted by a column, and still lists it in that order', async () => {
    const messages = make(120);
    await setup(messages);
    for (const sort of COLUMN_SORTS) {
      expect(await indexEntries(sort)).toEqual([]);
      for (const desc of [false, true]) {
        expect((await listMessagePage(db, 'acc1/INBOX', { sort, desc, offset: 10, limit: 30 })).map((m) => m.id)).toEqual(
          expected(messages, sort, desc).slice(10, 40),
        );
        expect(await listMessageIds(db, 'acc1/INBOX', { sort, desc, offset: 5, limit: 7 })).toEqual(
          expected(messages, sort, desc).slice(5, 12),
        );
      }
    }
    const row = await db.messages.get(messages[0]!.id);
    expect(row).not.toHaveProperty('fromSort');
    expect(row).not.toHaveProperty('sizeSort');
  });

  it('once prepared, walks the index in the same order, and keeps it for rows stored, moved in and moved out later', async () => {
    const messages = make(300);
    const writer = await setup(messages);
    for (const sort of COLUMN_SORTS)
      expect(await writer.handle({ kind: 'prepareSort', folderId: 'acc1/INBOX', sort })).toEqual({ ok: true, value: { ready: true } });
    for (const sort of COLUMN_SORTS) expect((await indexEntries(sort)).length).toBe(300);
    expect(await db.folderSorts.get('acc1/INBOX')).toEqual({
      folderId: 'acc1/INBOX',
      enabled: [...COLUMN_SORTS],
      ready: [...COLUMN_SORTS],
    });

    for (const sort of COLUMN_SORTS) {
      for (const desc of [false, true]) {
        reads.length = 0;
        const page = await listMessagePage(db, 'acc1/INBOX', { sort, desc, offset: 40, limit: 30 });
        expect(page.map((m) => m.id)).toEqual(expected(messages, sort, desc).slice(40, 70));
        expect(reads.filter((r) => r.table === 'messages').map((r) => r.index)).toEqual([SORT_INDEX[sort]]);
      }
    }

    // Stored later, moved in, moved out: the index follows each row's folder.
    const later = make(20, 'acc1/INBOX', 'late');
    const elsewhere = make(5, 'acc1/Other', 'other');
    await writer.handle(apply([{ op: 'putMessages', messages: [...later, ...elsewhere], sources: [] }]));
    await writer.handle(
      apply([
        {
          op: 'patchMessages',
          patches: [
            { id: elsewhere[0]!.id, folderId: 'acc1/INBOX' },
            { id: messages[0]!.id, folderId: 'acc1/Other' },
          ],
        },
      ]),
    );
    const inbox = [...messages.slice(1), ...later, { ...elsewhere[0]!, folderId: 'acc1/INBOX' }];
    for (const sort of COLUMN_SORTS) {
      expect((await indexEntries(sort)).sort()).toEqual(inbox.map((m) => m.id).sort());
      expect(await indexEntries(sort, 'acc1/Other')).toEqual([]);
      expect((await listMessagePage(db, 'acc1/INBOX', { sort, limit: 1000 })).map((m) => m.id)).toEqual(expected(inbox, sort, false));
    }
    expect(await db.messages.get(messages[0]!.id)).not.toHaveProperty('subjectSort');
  });

  it('indexes every row when batches are stored while the sort is prepared', async () => {
    const messages = make(1_200);
    const writer = await setup(messages);
    const more = [make(400, 'acc1/INBOX', 'a'), make(400, 'acc1/INBOX', 'b')];
    await Promise.all([
      writer.handle({ kind: 'prepareSort', folderId: 'acc1/INBOX', sort: 'from' }),
      ...more.map((batch) => writer.handle(apply([{ op: 'putMessages', messages: batch, sources: [] }]))),
    ]);
    expect((await indexEntries('from')).length).toBe(2_000);
    expect((await listMessagePage(db, 'acc1/INBOX', { sort: 'from', limit: 2_000 })).map((m) => m.id)).toEqual(
      expected([...messages, ...more.flat()], 'from', false),
    );
  });

  it('is asked for once per folder and sort by the window, and again after a failure', async () => {
    db = freshDb();
    const handle = vi
      .fn()
      .mockResolvedValueOnce({ ok: false, error: { code: 'store_failed', message: 'busy' } })
      .mockResolvedValue({ ok: true, value: { ready: true } });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    setStoreRequester(handle);
    requestSortIndex('acc1/INBOX', 'from');
    await vi.waitFor(() => expect(warn).toHaveBeenCalledOnce());
    requestSortIndex('acc1/INBOX', 'from');
    requestSortIndex('acc1/INBOX', 'from');
    requestSortIndex('acc1/INBOX', 'size');
    await vi.waitFor(() => expect(handle).toHaveBeenCalledTimes(3));
    expect(handle.mock.calls.map(([r]) => r)).toEqual([
      { kind: 'prepareSort', folderId: 'acc1/INBOX', sort: 'from' },
      { kind: 'prepareSort', folderId: 'acc1/INBOX', sort: 'from' },
      { kind: 'prepareSort', folderId: 'acc1/INBOX', sort: 'size' },
    ]);
    warn.mockRestore();
  });
});
