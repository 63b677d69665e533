import { afterEach, describe, expect, it } from 'vitest';

import type { HomingDb } from '../../../../renderer/store/db';
import { countMessages, countUnread } from '../../../../renderer/store/queries/count-messages';
import { listFolders } from '../../../../renderer/store/queries/list-folders';
import { folder, freshDb, message, seed, setupOps, watchReads } from '../fixtures';

let db: HomingDb;
afterEach(() => db.delete());

describe('listFolders', () => {
  it("lists one account's folders, special ones first, with total and unread counts from running counts", async () => {
    db = freshDb();
    const reads = watchReads(db);
    await seed(db, [
      ...setupOps('acc1', 'imap'),
      ...setupOps('acc2', 'imap'),
      { op: 'putFolders', folders: [folder('acc1', 'Projects'), folder('acc1', 'Archive', 'archive'), folder('acc1', 'Trash', 'trash')] },
      {
        op: 'putMessages',
        messages: [
          message({ folderId: 'acc1/INBOX', seen: false }),
          message({ folderId: 'acc1/INBOX', seen: false }),
          message({ folderId: 'acc1/INBOX', seen: true }),
          message({ folderId: 'acc1/Projects', seen: true }),
          message({ folderId: 'acc2/INBOX', seen: false }),
        ],
        sources: [],
      },
    ]);
    reads.length = 0;

    const folders = await listFolders(db, 'acc1');

    expect(folders.map((f) => [f.path, f.total, f.unread])).toEqual([
      ['INBOX', 3, 2],
      ['Archive', 0, 0],
      ['Trash', 0, 0],
      ['Projects', 1, 0],
    ]);
    // Counting reads neither a message row nor an index of them: one running count per folder.
    expect(reads.filter((r) => r.table === 'messages')).toEqual([]);
  });

  it('follows flag changes', async () => {
    db = freshDb();
    const m = message({ folderId: 'acc1/INBOX', seen: false });
    await seed(db, [...setupOps(), { op: 'putMessages', messages: [m], sources: [] }]);
    expect(await countUnread(db, 'acc1/INBOX')).toBe(1);
    await seed(db, [{ op: 'patchMessages', patches: [{ id: m.id, seen: true }] }]);
    expect(await countUnread(db, 'acc1/INBOX')).toBe(0);
    expect(await countMessages(db, 'acc1/INBOX')).toBe(1);
  });
});
