import { afterEach, describe, expect, it, vi } from 'vitest';

import type { MessageHeader, SyncOp } from '../../../electron/contract/mail';
import { indexQueuedBodies } from '../../../renderer/store/body-indexer';
import { type HomingDb, openHomingDb } from '../../../renderer/store/db';
import { exportEntriesFor } from '../../../renderer/store/queries/folder-export';
import { getSource, getSources, readSegmentSource } from '../../../renderer/store/queries/get-source';
import { searchMessages } from '../../../renderer/store/queries/search-messages';
import { segmentRefOf } from '../../../renderer/store/source-files';
import { createStoreWriter } from '../../../renderer/store/writer';
import { type MemorySegments, memorySegments } from '../../helpers/memory-segments';
import { apply, bytes, folder, message, setupOps } from './fixtures';

const opened: HomingDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const withSegments = (files: MemorySegments = memorySegments()) => {
  const db = openHomingDb(`homing-segments-${crypto.randomUUID()}`, files);
  opened.push(db);
  return { db, files };
};

const text = (b: Uint8Array | null) => (b ? Buffer.from(b).toString() : null);
const inbox = 'acc1/INBOX';

describe('sources in segment files', () => {
  it('stores refs in the database and the exact bytes in the segment, readable by every reader', async () => {
    const { db, files } = withSegments();
    const writer = createStoreWriter(db);
    const a = message({ folderId: inbox, subject: 'First' });
    const b = message({ folderId: inbox, subject: 'Second' });
    const sourceA = bytes('Subject: First\r\n\r\nmarmalade on toast\r\n');
    const sourceB = bytes('Subject: Second\r\n\r\nno jam here\r\n');
    // Views into one larger buffer, as a decoded frame gives them: only their own bytes may land.
    const frame = new Uint8Array([...bytes('xx'), ...sourceA, ...sourceB, ...bytes('yy')]);
    const viewA = frame.subarray(2, 2 + sourceA.length);
    const viewB = frame.subarray(2 + sourceA.length, 2 + sourceA.length + sourceB.length);

    const result = await writer.handle(
      apply([
        ...setupOps(),
        {
          op: 'putMessages',
          messages: [a, b],
          sources: [
            { id: a.id, bytes: viewA },
            { id: b.id, bytes: viewB },
          ],
        },
      ]),
    );
    expect(result.ok).toBe(true);

    // One record per message: the row says where its source is; no `sources` row.
    expect(await db.sources.count()).toBe(0);
    expect(await db.messages.get(a.id)).toMatchObject({ hasSource: true, sourceBytes: sourceA.length, sourceSegment: 1, sourceAt: 0 });
    expect(await db.messages.get(b.id)).toMatchObject({
      hasSource: true,
      sourceBytes: sourceB.length,
      sourceSegment: 1,
      sourceAt: sourceA.length,
    });
    expect(files.text(1)).toBe(text(sourceA)! + text(sourceB)!);
    expect(await db.sourceSegments.get(1)).toEqual({ id: 1, liveBytes: sourceA.length + sourceB.length });

    expect(text(await getSource(db, a.id))).toBe(text(sourceA));
    const engineRead = await writer.handle({ kind: 'readSource', messageId: b.id });
    expect(engineRead.ok && text(engineRead.value?.bytes ?? null)).toBe(text(sourceB));
    const exported = await exportEntriesFor(db, [(await db.messages.get(a.id))!, (await db.messages.get(b.id))!]);
    expect(exported.entries.map((e) => text(e.bytes))).toEqual([text(sourceA), text(sourceB)]);

    await indexQueuedBodies(db);
    expect((await searchMessages(db, 'marmalade')).map((m) => m.id)).toEqual([a.id]);
  });

  it('says which bytes are missing instead of returning a short message', async () => {
    const { db, files } = withSegments();
    const m = message({ folderId: inbox });
    await createStoreWriter(db).handle(
      apply([...setupOps(), { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: bytes('abcdef') }] }]),
    );
    files.files.get(1)!.size = 3; // the file lost its tail (a disk error)
    await expect(getSource(db, m.id)).rejects.toThrow(/holds 3 of the 6 bytes/);
  });

  it('writes nothing to the database when the disk is full, and cuts the segment back', async () => {
    const { db, files } = withSegments();
    const writer = createStoreWriter(db);
    expect((await writer.handle(apply(setupOps()))).ok).toBe(true);
    files.failNextWrite = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    const m = message({ folderId: inbox });

    const result = await writer.handle(apply([{ op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: bytes('too big') }] }]));
    expect(result).toMatchObject({ ok: false, error: { code: 'disk_full' } });
    expect(await db.messages.count()).toBe(0);
    expect(await db.sources.count()).toBe(0);
    expect(files.text(1)).toBe('');
  });

  it('leaves the bytes of a batch whose transaction failed to no ref, and deletes them with their segment later', async () => {
    const { db, files } = withSegments();
    const writer = createStoreWriter(db, { segmentBytes: 4 });
    expect((await writer.handle(apply(setupOps()))).ok).toBe(true);
    const lost = message({ folderId: 'acc1/NOWHERE' });
    const failed = await writer.handle(
      apply([{ op: 'putMessages', messages: [lost], sources: [{ id: lost.id, bytes: bytes('orphan') }] }]),
    );
    expect(failed.ok).toBe(false);
    expect(await db.sources.count()).toBe(0);
    expect(files.text(1)).toBe('orphan'); // flushed, but nothing points to it

    const m = message({ folderId: inbox });
    expect((await writer.handle(apply([{ op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: bytes('kept') }] }]))).ok).toBe(
      true,
    );
    expect(await db.messages.get(m.id)).toMatchObject({ sourceSegment: 2, sourceAt: 0 });
    await vi.waitFor(() => expect(files.files.has(1)).toBe(false));
    expect(text(await getSource(db, m.id))).toBe('kept');
  });

  it('counts a replaced or removed source off its segment and deletes a segment nothing needs', async () => {
    const { db, files } = withSegments();
    const writer = createStoreWriter(db, { segmentBytes: 1 }); // every batch starts a segment
    const m = message({ folderId: inbox });
    const other = message({ folderId: inbox });
    await writer.handle(apply([...setupOps(), { op: 'putMessages', messages: [m, other], sources: [{ id: m.id, bytes: bytes('v1') }] }]));
    await writer.handle(apply([{ op: 'putMessages', messages: [], sources: [{ id: other.id, bytes: bytes('other') }] }]));
    expect(await db.sourceSegments.toArray()).toEqual([
      { id: 1, liveBytes: 2 },
      { id: 2, liveBytes: 5 },
    ]);

    // A new download of the same message: segment 1 holds nothing needed any more.
    await writer.handle(apply([{ op: 'putMessages', messages: [], sources: [{ id: m.id, bytes: bytes('v2!') }] }]));
    expect(await db.messages.get(m.id)).toMatchObject({ sourceSegment: 3, sourceBytes: 3 });
    await vi.waitFor(async () => {
      expect([...files.files.keys()].sort()).toEqual([2, 3]);
      expect(await db.sourceSegments.get(1)).toBeUndefined();
    });
    expect(text(await getSource(db, m.id))).toBe('v2!');

    // The current segment stays even when emptied: the writer appends to it.
    await writer.handle(apply([{ op: 'removeMessages', ids: [m.id, other.id] }]));
    await vi.waitFor(async () => {
      expect([...files.files.keys()]).toEqual([3]);
      expect(await db.sourceSegments.toArray()).toEqual([{ id: 3, liveBytes: 0 }]);
    });
  });

  it('a flag change or a header rewrite keeps the message pointing at its segment', async () => {
    const { db } = withSegments();
    const writer = createStoreWriter(db);
    const m = message({ folderId: inbox, subject: 'Old' });
    const ok = async (ops: SyncOp[]) => expect((await writer.handle(apply(ops))).ok).toBe(true);
    await ok([...setupOps(), { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: bytes('body') }] }]);
    // A flag change and a move rewrite the row in place: the segment's count does not move.
    await ok([{ op: 'putFolders', folders: [folder('acc1', 'Archive', 'archive')] }]);
    await ok([{ op: 'patchMessages', patches: [{ id: m.id, seen: true, folderId: 'acc1/Archive', location: 'local' }] }]);
    expect(await db.messages.get(m.id)).toMatchObject({ seen: true, folderId: 'acc1/Archive', sourceSegment: 1, sourceAt: 0 });
    expect(await db.sourceSegments.get(1)).toEqual({ id: 1, liveBytes: 4 });
    await ok([{ op: 'putMessages', messages: [{ ...m, folderId: 'acc1/Archive', subject: 'New' }], sources: [] }]);
    expect(await db.messages.get(m.id)).toMatchObject({ subject: 'New', hasSource: true, sourceBytes: 4, sourceSegment: 1, sourceAt: 0 });
    expect(text(await getSource(db, m.id))).toBe('body');

    await writer.handle(apply([{ op: 'removeAccount', accountId: 'acc1' }]));
    expect(await db.sourceSegments.get(1)).toEqual({ id: 1, liveBytes: 0 });
  });

  it('a second window writing at the same time keeps its sources inline, readable by both', async () => {
    const files = memorySegments();
    const { db } = withSegments(files);
    const first = createStoreWriter(db);
    const second = createStoreWriter(db);
    const a = message({ folderId: inbox });
    const b = message({ folderId: inbox });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await first.handle(apply([...setupOps(), { op: 'putMessages', messages: [a], sources: [{ id: a.id, bytes: bytes('from one') }] }]));
    await second.handle(apply([{ op: 'putMessages', messages: [b], sources: [{ id: b.id, bytes: bytes('from two') }] }]));

    expect(await db.messages.get(a.id)).toMatchObject({ sourceSegment: 1 });
    expect(await db.sources.get(a.id)).toBeUndefined();
    expect(await db.messages.get(b.id)).not.toHaveProperty('sourceSegment');
    expect(await db.sources.get(b.id)).toMatchObject({ bytes: expect.any(Uint8Array) });
    expect([text(await getSource(db, a.id)), text(await getSource(db, b.id))]).toEqual(['from one', 'from two']);
  });

  it('a new download of a message stored inline (before segments) goes to a segment, and its inline row goes', async () => {
    const name = `homing-segments-${crypto.randomUUID()}`;
    const before = openHomingDb(name, null);
    opened.push(before);
    const m = message({ folderId: inbox });
    await createStoreWriter(before).handle(
      apply([...setupOps(), { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: bytes('old inline') }] }]),
    );
    expect(await before.sources.count()).toBe(1);
    before.close();

    const files = memorySegments();
    const db = openHomingDb(name, files);
    opened.push(db);
    expect(text(await getSource(db, m.id))).toBe('old inline');
    await createStoreWriter(db).handle(apply([{ op: 'putMessages', messages: [], sources: [{ id: m.id, bytes: bytes('new bytes') }] }]));
    expect(await db.sources.count()).toBe(0);
    expect(await db.messages.get(m.id)).toMatchObject({ sourceSegment: 1, sourceAt: 0, sourceBytes: 9 });
    expect(text(await getSource(db, m.id))).toBe('new bytes');
  });

  it('compacts a mostly unused segment: the sources still needed move, byte for byte, and its file goes', async () => {
    const { db, files } = withSegments();
    const writer = createStoreWriter(db, { segmentBytes: 60 });
    const kept = message({ folderId: inbox });
    const gone = [1, 2, 3].map(() => message({ folderId: inbox }));
    const sourceOf = (i: number) => bytes(`message ${i} `.padEnd(20, String(i)));
    await writer.handle(
      apply([
        ...setupOps(),
        { op: 'putMessages', messages: [kept, ...gone], sources: [kept, ...gone].map((m, i) => ({ id: m.id, bytes: sourceOf(i) })) },
      ]),
    );
    const later = message({ folderId: inbox });
    await writer.handle(apply([{ op: 'putMessages', messages: [later], sources: [{ id: later.id, bytes: bytes('in segment two') }] }]));
    expect(await db.messages.get(later.id)).toMatchObject({ sourceSegment: 2 });

    // A quarter of segment 1 is still needed: below half, so it is compacted once the writer is idle.
    await writer.handle(apply([{ op: 'removeMessages', ids: gone.map((m) => m.id) }]));
    await vi.waitFor(async () => {
      expect(files.files.has(1)).toBe(false);
      expect(await db.sourceSegments.get(1)).toBeUndefined();
    });
    expect(await db.messages.get(kept.id)).toMatchObject({ sourceSegment: 2, sourceAt: 14, sourceBytes: 20 });
    expect(text(await getSource(db, kept.id))).toBe(text(sourceOf(0)));
    expect(text(await getSource(db, later.id))).toBe('in segment two');
    expect(await db.sourceSegments.get(2)).toEqual({ id: 2, liveBytes: 34 });
  });

  it('leaves a segment that is still mostly needed, and a row changed during a compaction', async () => {
    const { db, files } = withSegments();
    const writer = createStoreWriter(db, { segmentBytes: 30 });
    const [a, b, c] = [1, 2, 3].map(() => message({ folderId: inbox })) as [MessageHeader, MessageHeader, MessageHeader];
    await writer.handle(
      apply([
        ...setupOps(),
        { op: 'putMessages', messages: [a, b, c], sources: [a, b, c].map((m) => ({ id: m.id, bytes: bytes('0123456789') })) },
      ]),
    );
    const d = message({ folderId: inbox });
    await writer.handle(apply([{ op: 'putMessages', messages: [d], sources: [{ id: d.id, bytes: bytes('next') }] }]));
    // Two thirds still needed: kept as is.
    await writer.handle(apply([{ op: 'removeMessages', ids: [c.id] }]));
    await new Promise((r) => setTimeout(r, 50));
    expect(files.files.has(1)).toBe(true);
    expect(await db.messages.get(a.id)).toMatchObject({ sourceSegment: 1 });

    // A compaction that finds a row changed since it read it leaves that row alone.
    const appender = { append: vi.fn(), current: () => 2, close: () => undefined };
    appender.append.mockImplementation(async (sources: Map<string, Uint8Array>) => {
      // Meanwhile, a new download of b replaces its source.
      await writer.handle(apply([{ op: 'putMessages', messages: [], sources: [{ id: b.id, bytes: bytes('b again') }] }]));
      return new Map([...sources].map(([id, s], i) => [id, { segment: 2, at: 100 + i * 10, length: s.byteLength }]));
    });
    await writer.handle(apply([{ op: 'removeMessages', ids: [d.id] }])); // segment 1 now: a and b live, 20 of 30
    await db.messages.update(a.id, {}); // no change: a still points to segment 1
    const { compactSegments } = await import('../../../renderer/store/source-segments');
    await db.sourceSegments.put({ id: 1, liveBytes: 10 }); // pretend most of it is unused
    await compactSegments(db, appender, 2);
    expect(await db.messages.get(a.id)).toMatchObject({ sourceSegment: 2, sourceAt: 100 });
    expect(await db.messages.get(b.id)).toMatchObject({ sourceSegment: 2, sourceBytes: 7 });
    expect(text(await getSource(db, b.id))).toBe('b again');
  });

  it('a reader holding a row from before a compaction still gets the bytes, from where they moved', async () => {
    const { db, files } = withSegments();
    const writer = createStoreWriter(db, { segmentBytes: 1 });
    const m = message({ folderId: inbox });
    const other = message({ folderId: inbox });
    await writer.handle(
      apply([
        ...setupOps(),
        {
          op: 'putMessages',
          messages: [m, other],
          sources: [
            { id: m.id, bytes: bytes('moved source') },
            { id: other.id, bytes: bytes('x'.repeat(100)) },
          ],
        },
      ]),
    );
    const before = (await db.messages.get(m.id))!;
    const filler = message({ folderId: inbox });
    await writer.handle(apply([{ op: 'putMessages', messages: [filler], sources: [{ id: filler.id, bytes: bytes('segment two') }] }]));
    await writer.handle(apply([{ op: 'removeMessages', ids: [other.id] }])); // segment 1: 12 of 112 bytes needed
    await vi.waitFor(() => expect(files.files.has(1)).toBe(false));

    const [fromOldRow] = await getSources(db, [before]);
    expect(text(fromOldRow ?? null)).toBe('moved source');
    const ref = segmentRefOf(before)!;
    await expect(readSegmentSource(db, 'acc1/nowhere', ref)).rejects.toThrow(/No segment 1/);
  });
});
