import { afterEach, describe, expect, it } from 'vitest';

import type { HomingDb } from '../../../../renderer/store/db';
import { countUnifiedInbox, unifiedInbox } from '../../../../renderer/store/queries/unified-inbox';
import { folder, freshDb, message, seed, setupOps } from '../fixtures';

let db: HomingDb;
afterEach(() => db.delete());

describe('unifiedInbox', () => {
  it('pages the inboxes of all accounts together, newest first, leaving other folders out', async () => {
    db = freshDb();
    const t0 = 1_700_000_000_000;
    const inboxMessages = [
      ...Array.from({ length: 30 }, (_, i) => message({ folderId: 'acc1/INBOX', date: t0 + i * 2 })),
      ...Array.from({ length: 25 }, (_, i) => message({ folderId: 'acc2/INBOX', date: t0 + i * 3 })),
      ...Array.from({ length: 5 }, (_, i) => message({ folderId: 'acc3/INBOX', date: t0 + 1000 + i })),
    ];
    await seed(db, [
      ...setupOps('acc1'),
      ...setupOps('acc2'),
      ...setupOps('acc3'),
      { op: 'putFolders', folders: [folder('acc1', 'Sent', 'sent')] },
      { op: 'putMessages', messages: inboxMessages, sources: [] },
      { op: 'putMessages', messages: [message({ folderId: 'acc1/Sent', date: t0 + 10_000 })], sources: [] },
    ]);
    const all = [...inboxMessages]
      .sort((a, b) => b.date - a.date || (a.id < b.id ? 1 : -1))
      .map((m) => m.id);

    expect(await countUnifiedInbox(db)).toBe(60);
    expect((await unifiedInbox(db, { limit: 10 })).map((m) => m.id)).toEqual(all.slice(0, 10));
    expect((await unifiedInbox(db, { offset: 10, limit: 20 })).map((m) => m.id)).toEqual(all.slice(10, 30));
    expect((await unifiedInbox(db, { offset: 50, limit: 20 })).map((m) => m.id)).toEqual(all.slice(50));
  });

  it('is empty without inboxes', async () => {
    db = freshDb();
    expect(await unifiedInbox(db)).toEqual([]);
    expect(await countUnifiedInbox(db)).toBe(0);
  });
});
