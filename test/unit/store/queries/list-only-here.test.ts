import { afterEach, describe, expect, it } from 'vitest';

import type { HomingDb } from '../../../../renderer/store/db';
import { listOnlyHere } from '../../../../renderer/store/queries/list-only-here';
import { freshDb, message, seed, setupOps } from '../fixtures';

let db: HomingDb;
afterEach(() => db.delete());

describe('listOnlyHere', () => {
  it("lists an account's messages whose only copy is here, newest first", async () => {
    db = freshDb();
    const older = message({ folderId: 'acc1/INBOX', location: 'local', date: 1 });
    const newer = message({ folderId: 'acc1/INBOX', location: 'local', date: 2 });
    await seed(db, [
      ...setupOps('acc1'),
      ...setupOps('acc2'),
      {
        op: 'putMessages',
        messages: [
          older,
          newer,
          message({ folderId: 'acc1/INBOX', location: 'server+local' }),
          message({ folderId: 'acc2/INBOX', location: 'local' }),
        ],
        sources: [],
      },
    ]);
    expect((await listOnlyHere(db, 'acc1')).map((m) => m.id)).toEqual([newer.id, older.id]);
  });
});
