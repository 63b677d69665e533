import { afterEach, describe, expect, it } from 'vitest';

import type { MessageHeader, SyncOp } from '../../../electron/contract/mail';
import { type HomingDb, openHomingDb } from '../../../renderer/store/db';
import { countMessages, countUnread } from '../../../renderer/store/queries/count-messages';
import { startingWith } from '../../../renderer/store/ranges';
import { toStoredMessage } from '../../../renderer/store/rows';
import { createStoreWriter } from '../../../renderer/store/writer';
import { apply, dexieAtVersion, folder, freshDb, message, setupOps } from './fixtures';

const opened: HomingDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** Each folder's counts from its rows: what the running counts must always equal. */
const recount = async (db: HomingDb) => {
  const out: Record<string, [number, number]> = {};
  for (const id of await db.folders.toCollection().primaryKeys()) {
    const total = await db.messages
      .where('[folderId+date]')
      .between(...startingWith(id))
      .count();
    const unread = await db.messages
      .where('[folderId+date]')
      .between(...startingWith(id))
      .filter((row) => !row.seen)
      .count();
    if (total > 0) out[id] = [total, unread];
  }
  return out;
};
const running = async (db: HomingDb) =>
  Object.fromEntries(
    (await db.folderCounts.toArray()).filter((c) => c.total !== 0 || c.unread !== 0).map((c) => [c.folderId, [c.total, c.unread]]),
  );

describe('folder counts', () => {
  it('equal a recount after every one of 300 random puts, re-puts, flag changes, moves and removals', async () => {
    const db = freshDb();
    opened.push(db);
    const writer = createStoreWriter(db);
    const folders = ['acc1/INBOX', 'acc1/Archive', 'acc2/INBOX'];
    const ok = async (ops: SyncOp[], accountId: string | null = null) => expect((await writer.handle(apply(ops, accountId))).ok).toBe(true);
    await ok([...setupOps('acc1'), ...setupOps('acc2'), { op: 'putFolders', folders: [folder('acc1', 'Archive', 'archive')] }]);

    let seed = 42;
    const random = (n: number) => (((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n) + n) % n;
    const stored = new Map<string, MessageHeader>();
    for (let step = 0; step < 300; step++) {
      const ids = [...stored.keys()];
      const pick = () => stored.get(ids[random(ids.length)]!)!;
      const kind = ids.length < 5 ? 0 : random(5);
      if (kind === 0) {
        const folderId = folders[random(3)]!;
        const m = message({ folderId, seen: random(2) === 0 });
        stored.set(m.id, m);
        await ok([{ op: 'putMessages', messages: [m], sources: [] }], m.accountId);
      } else if (kind === 1) {
        // The same message again, from the server, with other flags.
        const m = { ...pick(), seen: random(2) === 0 };
        stored.set(m.id, m);
        await ok([{ op: 'putMessages', messages: [m], sources: [] }], m.accountId);
      } else if (kind === 2) {
        const m = pick();
        await ok([{ op: 'patchMessages', patches: [{ id: m.id, seen: random(2) === 0 }] }]);
      } else if (kind === 3) {
        const m = pick();
        if (m.accountId !== 'acc1') continue;
        const to = m.folderId === 'acc1/INBOX' ? 'acc1/Archive' : 'acc1/INBOX';
        stored.set(m.id, { ...m, folderId: to });
        await ok([{ op: 'patchMessages', patches: [{ id: m.id, folderId: to, seen: random(2) === 0 }] }]);
      } else {
        const m = pick();
        stored.delete(m.id);
        await ok([{ op: 'removeMessages', ids: [m.id, 'acc1/never-stored'] }]);
      }
      expect(await running(db), `after step ${step}`).toEqual(await recount(db));
    }
    expect(Object.keys(await running(db)).length).toBeGreaterThan(1);

    // Removing a folder and an account leaves no counts behind for them.
    await ok([{ op: 'removeAccount', accountId: 'acc2' }]);
    expect(await db.folderCounts.get('acc2/INBOX')).toBeUndefined();
    expect(await running(db)).toEqual(await recount(db));
    expect(await countMessages(db, 'acc1/INBOX')).toBe((await recount(db))['acc1/INBOX']?.[0] ?? 0);
    expect(await countUnread(db, 'nowhere')).toBe(0);
  });

  it('are counted once when a version 5 store opens', async () => {
    const v5 = dexieAtVersion(5);
    const name = v5.name;
    await v5.table('folders').bulkPut([folder('acc1', 'INBOX', 'inbox'), folder('acc1', 'Empty')]);
    await v5
      .table('messages')
      .bulkPut([true, false, false].map((seen) => toStoredMessage(message({ folderId: 'acc1/INBOX', seen }), null)));
    v5.close();

    const db = openHomingDb(name, null);
    opened.push(db);
    expect(await db.folderCounts.toArray()).toEqual([{ folderId: 'acc1/INBOX', total: 3, unread: 2 }]);
  });
});
