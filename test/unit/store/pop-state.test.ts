import { afterEach, describe, expect, it } from 'vitest';

import type { PopUidlState } from '../../../electron/contract/mail';
import type { HomingDb } from '../../../renderer/store/db';
import { nextServerRemoval } from '../../../renderer/store/queries/next-server-removal';
import { createStoreWriter } from '../../../renderer/store/writer';
import { account, apply, bytes, folder, freshDb, message, popEntry, popStates, setupOps } from './fixtures';

const dbs: HomingDb[] = [];
const track = (db: HomingDb) => (dbs.push(db), db);
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const DAY = 86_400_000;
const entry = (uidl: string, patch: Partial<PopUidlState> = {}, accountId = 'acc1'): PopUidlState => ({
  ...popEntry(accountId, uidl, `${accountId}/m-${uidl}`),
  ...patch,
});

const readState = async (db: HomingDb, accountId = 'acc1'): Promise<PopUidlState[]> => {
  const result = await createStoreWriter(db).handle({ kind: 'readPopState', accountId });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as PopUidlState[];
};

describe('POP3 UIDL state log', () => {
  it('writes one row per batch, however many UIDLs it holds, in the transaction with the messages', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const messages = Array.from({ length: 300 }, (_, i) => message({ folderId: 'acc1/INBOX', remoteKey: `u${i}` }));
    const result = await writer.handle(
      apply([
        ...setupOps(),
        { op: 'putMessages', messages, sources: messages.map((m) => ({ id: m.id, bytes: bytes(`source ${m.id}`) })) },
        { op: 'putPopState', entries: messages.map((m) => popEntry('acc1', m.remoteKey, m.id)) },
      ]),
    );
    expect(result.ok).toBe(true);
    expect(await db.popStateLog.count()).toBe(1);
    expect((await readState(db)).map((s) => s.uidl)).toEqual(messages.map((m) => m.remoteKey));
  });

  it('reads the latest entry for each UIDL, in the order UIDLs first appeared, and keeps accounts apart', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const batches: PopUidlState[][] = [
      [entry('a'), entry('b'), entry('c')],
      [entry('b', { state: 'delete-pending' }), entry('z', {}, 'acc2')],
      [entry('b', { state: 'deleted' }), entry('a', { deletedLocally: true }), entry('d')],
    ];
    await writer.handle(
      apply([
        ...setupOps(),
        { op: 'putAccount', account: account('acc2') },
        { op: 'putFolders', folders: [folder('acc2', 'INBOX', 'inbox')] },
      ]),
    );
    for (const entries of batches) expect((await writer.handle(apply([{ op: 'putPopState', entries }]))).ok).toBe(true);

    const state = await readState(db);
    expect(state.map((s) => [s.uidl, s.state, s.deletedLocally])).toEqual([
      ['a', 'downloaded', true],
      ['b', 'deleted', false],
      ['c', 'downloaded', false],
      ['d', 'downloaded', false],
    ]);
    expect((await readState(db, 'acc2')).map((s) => s.uidl)).toEqual(['z']);
  });

  it('rewrites a grown log as chunks when a check reads it, and the state read is the same before and after', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    await writer.handle(apply(setupOps()));
    // 60 checks each marking the same 10 UIDLs again: 60 rows for 10 live entries.
    for (let check = 0; check < 60; check++) {
      const entries = Array.from({ length: 10 }, (_, i) => entry(`u${i}`, { downloadedAt: 1_700_000_000_000 + check }));
      expect((await writer.handle(apply([{ op: 'putPopState', entries }]))).ok).toBe(true);
    }
    const before = await popStates(db);
    expect(await db.popStateLog.count()).toBe(60);

    const read = await readState(db);
    expect(read).toEqual(before);
    expect(read.every((s) => s.downloadedAt === 1_700_000_000_059)).toBe(true);
    expect(await db.popStateLog.count()).toBe(1);
    expect(await readState(db)).toEqual(before);

    // A log that is not much bigger than its state is left as it is.
    for (let check = 0; check < 5; check++) await writer.handle(apply([{ op: 'putPopState', entries: [entry(`n${check}`)] }]));
    await readState(db);
    expect(await db.popStateLog.count()).toBe(6);
  });

  it('leaves the log as it was when the batch carrying state fails', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    await writer.handle(apply([...setupOps(), { op: 'putPopState', entries: [entry('a')] }]));
    const failed = await writer.handle(
      apply([
        { op: 'putPopState', entries: [entry('a', { state: 'delete-pending' })] },
        { op: 'putMessages', messages: [message({ folderId: 'acc1/NOWHERE' })], sources: [] },
      ]),
    );
    expect(failed.ok).toBe(false);
    expect((await readState(db)).map((s) => s.state)).toEqual(['downloaded']);
  });

  it('is removed with its account', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    await writer.handle(apply([...setupOps(), { op: 'putPopState', entries: [entry('a'), entry('b')] }]));
    await writer.handle(apply([{ op: 'removeAccount', accountId: 'acc1' }]));
    expect(await db.popStateLog.count()).toBe(0);
    expect(await readState(db)).toEqual([]);
  });

  it('gives the next server removal from the folded state', async () => {
    const db = track(freshDb());
    const writer = createStoreWriter(db);
    const t = 1_700_000_000_000;
    await writer.handle(
      apply([...setupOps(), { op: 'putPopState', entries: [entry('a', { downloadedAt: t }), entry('b', { downloadedAt: t + 1 })] }]),
    );
    expect(await nextServerRemoval(db, 'acc1', 14)).toEqual({ at: t + 14 * DAY, count: 2 });
    // 'a' has since been deleted from the server: only 'b' is still to go.
    await writer.handle(apply([{ op: 'putPopState', entries: [entry('a', { downloadedAt: t, state: 'deleted' })] }]));
    expect(await nextServerRemoval(db, 'acc1', 14)).toEqual({ at: t + 1 + 14 * DAY, count: 1 });
  });
});
