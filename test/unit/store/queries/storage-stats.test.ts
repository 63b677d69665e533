import { afterEach, describe, expect, it } from 'vitest';

import type { Location, SyncOp } from '../../../../electron/contract/mail';
import { computeAccountStats } from '../../../../renderer/store/account-stats';
import type { HomingDb } from '../../../../renderer/store/db';
import { storageStats } from '../../../../renderer/store/queries/storage-stats';
import { bytes, folder, freshDb, message, seed, setupOps } from '../fixtures';

let db: HomingDb;
afterEach(() => db.delete());

const recomputed = async (accountId: string) => {
  const stats = computeAccountStats(await db.messages.toArray()).get(accountId);
  if (!stats) return { messages: 0, bytesHere: 0, onlyHereCount: 0, onlyHereBytes: 0, serverOnlyCount: 0 };
  const { messages, bytesHere, onlyHereCount, onlyHereBytes, serverOnlyCount } = stats;
  return { messages, bytesHere, onlyHereCount, onlyHereBytes, serverOnlyCount };
};

describe('storageStats', () => {
  it("tells where an account's mail lives and how many bytes are here", async () => {
    db = freshDb();
    const local1 = message({ folderId: 'acc1/INBOX', location: 'local' });
    const local2 = message({ folderId: 'acc1/INBOX', location: 'local' });
    const both = message({ folderId: 'acc1/INBOX', location: 'server+local' });
    const serverOnly = message({ folderId: 'acc1/INBOX', location: 'server' });
    const elsewhere = message({ folderId: 'acc2/INBOX', location: 'local' });
    await seed(db, [
      ...setupOps('acc1'),
      ...setupOps('acc2'),
      { op: 'putMessages', messages: [local1, local2, both, serverOnly, elsewhere], sources: [] },
      {
        op: 'putMessages',
        messages: [],
        sources: [
          { id: local1.id, bytes: bytes('x'.repeat(100)) },
          { id: local2.id, bytes: bytes('y'.repeat(50)) },
          { id: both.id, bytes: bytes('z'.repeat(7)) },
          { id: elsewhere.id, bytes: bytes('w'.repeat(1000)) },
        ],
      },
    ]);

    expect(await storageStats(db, 'acc1')).toEqual({
      messages: 4,
      bytesHere: 157,
      onlyHereCount: 2,
      onlyHereBytes: 150,
      serverOnlyCount: 1,
    });
    expect(await storageStats(db, 'nobody')).toEqual({ messages: 0, bytesHere: 0, onlyHereCount: 0, onlyHereBytes: 0, serverOnlyCount: 0 });
  });

  it('keeps its running totals equal to a recount through puts, patches, moves and removals', async () => {
    db = freshDb();
    await seed(db, [...setupOps('acc1'), ...setupOps('acc2'), { op: 'putFolders', folders: [folder('acc1', 'Old')] }]);
    // Deterministic pseudo-random sequence of batches.
    let n = 7;
    const next = (mod: number) => (n = (n * 48_271) % 2_147_483_647) % mod;
    const locations: Location[] = ['server', 'server+local', 'local'];
    const ids = (account: string) => Array.from({ length: 12 }, (_, i) => `${account}/m${i}`);
    for (let round = 0; round < 60; round++) {
      const account = next(2) === 0 ? 'acc1' : 'acc2';
      const id = ids(account)[next(12)]!;
      const kind = next(4);
      let ops: SyncOp[];
      if (kind === 0) {
        const m = message({ id, folderId: `${account}/INBOX`, location: locations[next(3)]! });
        ops = [{ op: 'putMessages', messages: [m], sources: next(2) ? [{ id, bytes: bytes('b'.repeat(next(500) + 1)) }] : [] }];
      } else if (kind === 1) {
        ops = [{ op: 'patchMessages', patches: [{ id, location: locations[next(3)]!, seen: next(2) === 0 }] }];
      } else if (kind === 2) {
        ops = [{ op: 'removeMessages', ids: [id] }];
      } else {
        ops = [{ op: 'putMessages', messages: [], sources: [] }];
        if (await db.messages.get(id)) ops = [{ op: 'putMessages', messages: [], sources: [{ id, bytes: bytes('s'.repeat(next(900) + 1)) }] }];
      }
      await seed(db, ops);
      expect(await storageStats(db, 'acc1')).toEqual(await recomputed('acc1'));
      expect(await storageStats(db, 'acc2')).toEqual(await recomputed('acc2'));
    }
    expect((await recomputed('acc1')).messages + (await recomputed('acc2')).messages).toBeGreaterThan(0);

    await seed(db, [{ op: 'removeAccount', accountId: 'acc2' }]);
    expect(await storageStats(db, 'acc2')).toEqual(await recomputed('acc2'));
    expect(await storageStats(db, 'acc1')).toEqual(await recomputed('acc1'));
  });

  it('follows a patched location', async () => {
    db = freshDb();
    const m = message({ folderId: 'acc1/INBOX', location: 'server+local' });
    await seed(db, [...setupOps(), { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: bytes('abc') }] }]);
    expect((await storageStats(db, 'acc1')).onlyHereCount).toBe(0);
    await seed(db, [{ op: 'patchMessages', patches: [{ id: m.id, location: 'local' }] }]);
    expect(await storageStats(db, 'acc1')).toMatchObject({ onlyHereCount: 1, onlyHereBytes: 3 });
  });

  it('is unchanged by a batch that failed', async () => {
    db = freshDb();
    const m = message({ folderId: 'acc1/INBOX', location: 'local' });
    await seed(db, [...setupOps(), { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: bytes('abc') }] }]);
    const before = await storageStats(db, 'acc1');
    await expect(
      seed(db, [
        { op: 'removeMessages', ids: [m.id] },
        { op: 'putMessages', messages: [message({ folderId: 'acc1/Missing' })], sources: [] },
      ]),
    ).rejects.toThrow(/store_failed/);
    expect(await storageStats(db, 'acc1')).toEqual(before);
  });
});
