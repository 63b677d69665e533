import { afterEach, describe, expect, it } from 'vitest';

import type { Arrival } from '../../../renderer/store/arrivals';
import type { HomingDb } from '../../../renderer/store/db';
import { createStoreWriter } from '../../../renderer/store/writer';
import { apply, bytes, freshDb, message, setupOps } from './fixtures';

const opened: HomingDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('the writer reports arrivals (rows it did not hold before), after the commit', () => {
  it('reports new rows once, never rewrites, bodies added later, or rows removed in the same batch', async () => {
    const db = freshDb();
    opened.push(db);
    const told: Arrival[][] = [];
    const writer = createStoreWriter(db, { onArrivals: (rows) => told.push(rows) });
    const a = message({ folderId: 'acc1/INBOX', subject: 'First', seen: false });
    const b = message({ folderId: 'acc1/INBOX', subject: 'Second', seen: true });
    const c = message({ folderId: 'acc1/INBOX', subject: 'Gone at once' });

    await writer.handle(apply([...setupOps(), { op: 'putMessages', messages: [a, b], sources: [] }]));
    expect(told).toHaveLength(1);
    expect(told[0]!.map((r) => [r.id, r.subject, r.seen, r.from?.address, r.messageId])).toEqual([
      [a.id, 'First', false, 'ann@example.org', a.messageId],
      [b.id, 'Second', true, 'ann@example.org', b.messageId],
    ]);
    // The same rows again (a re-sync), a source for a stored row, a flag patch: nothing new.
    await writer.handle(apply([{ op: 'putMessages', messages: [{ ...a, seen: true }], sources: [{ id: b.id, bytes: bytes('raw') }] }]));
    await writer.handle(apply([{ op: 'patchMessages', patches: [{ id: a.id, seen: false }] }]));
    await writer.handle(
      apply([
        { op: 'putMessages', messages: [c], sources: [] },
        { op: 'removeMessages', ids: [c.id] },
      ]),
    );
    expect(told).toHaveLength(1);
  });

  it('reports nothing for a batch that failed, and a throwing listener does not fail the batch', async () => {
    const db = freshDb();
    opened.push(db);
    let calls = 0;
    const writer = createStoreWriter(db, {
      onArrivals: () => {
        calls++;
        throw new Error('listener broke');
      },
    });
    await writer.handle(apply(setupOps()));
    const orphan = message({ folderId: 'acc1/Nowhere' });
    const failed = await writer.handle(
      apply([{ op: 'putMessages', messages: [message({ folderId: 'acc1/INBOX' }), orphan], sources: [] }]),
    );
    expect(failed.ok).toBe(false);
    expect(calls).toBe(0);
    const ok = await writer.handle(apply([{ op: 'putMessages', messages: [message({ folderId: 'acc1/INBOX' })], sources: [] }]));
    expect(ok).toEqual({ ok: true, value: { committed: true } });
    expect(calls).toBe(1);
  });
});
