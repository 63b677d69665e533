import { describe, expect, it } from 'vitest';

import { indexQueuedBodies } from '../../../../renderer/store/body-indexer';
import { countIndexBacklog } from '../../../../renderer/store/queries/count-index-backlog';
import { bytes, freshDb, message, seed, setupOps } from '../fixtures';

describe('countIndexBacklog', () => {
  it('counts queued messages up to the cap, then says cap + 1, and drops to 0 once indexed', async () => {
    const db = freshDb();
    const messages = Array.from({ length: 5 }, (_, i) => message({ folderId: 'acc1/INBOX', remoteKey: `b${i}` }));
    await seed(db, [...setupOps(), { op: 'putMessages', messages, sources: messages.map((m) => ({ id: m.id, bytes: bytes('x') })) }]);
    expect(await countIndexBacklog(db)).toBe(5);
    expect(await countIndexBacklog(db, 3)).toBe(4);
    await indexQueuedBodies(db);
    expect(await countIndexBacklog(db)).toBe(0);
    await db.delete();
  });
});
