import Dexie, { liveQuery, type ObservabilitySet } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';

import { COARSE_FROM_KEYS } from '../../../renderer/store/coarse-mutations';
import type { HomingDb } from '../../../renderer/store/db';
import { toStoredMessage } from '../../../renderer/store/rows';
import { freshDb, message } from './fixtures';

type Parts = ObservabilitySet;

/** The ranges of one part, walked as Dexie keeps them (a balanced tree of {from, to, l, r}). */
const ranges = (set: Parts[string] | undefined): { from: unknown; to: unknown }[] => {
  const out: { from: unknown; to: unknown }[] = [];
  const walk = (node: { from: unknown; to: unknown; l?: unknown; r?: unknown } | null | undefined) => {
    if (!node || node.from === undefined) return;
    walk(node.l as never);
    out.push({ from: node.from, to: node.to });
    walk(node.r as never);
  };
  walk(set as never);
  return out;
};
const everything = [{ from: -Infinity, to: [[[]]] }];

let db: HomingDb;
let announced: Parts[] = [];
const listener = (parts: Parts) => announced.push(parts);
afterEach(async () => {
  Dexie.on('storagemutated').unsubscribe(listener);
  announced = [];
  await db?.delete();
});

const watch = () => Dexie.on('storagemutated', listener);
const part = (table: string, index = '') => announced.at(-1)?.[`idb://${db.name}/${table}/${index}`];

describe('coarse announcements of committed writes', () => {
  it('announces a write of the search index as the whole table, however few rows', async () => {
    db = freshDb();
    await db.open();
    watch();
    await db.searchTerms.bulkPut([
      {
        id: 'a/1',
        accountId: 'a',
        date: 1,
        terms: [
          ['hello', 1],
          ['world', 1],
        ],
      },
    ]);
    expect(ranges(part('searchTerms', 'terms'))).toEqual(everything);
    expect(ranges(part('searchTerms'))).toEqual(everything);
  });

  it('keeps a small write of messages key by key, and announces a larger one as the whole table', async () => {
    db = freshDb();
    await db.open();
    watch();
    const one = message({ folderId: 'acc/INBOX' });
    await db.messages.put(toStoredMessage(one, null));
    expect(ranges(part('messages'))).toEqual([{ from: one.id, to: one.id }]);

    const many = Array.from({ length: COARSE_FROM_KEYS + 1 }, () => toStoredMessage(message({ folderId: 'acc/INBOX' }), null));
    await db.messages.bulkPut(many);
    expect(ranges(part('messages'))).toEqual(everything);
  });

  it('still wakes a live query watching one message, and one watching a search', async () => {
    db = freshDb();
    await db.open();
    const row = toStoredMessage(message({ folderId: 'acc/INBOX', subject: 'before' }), null);
    await db.messages.put(row);
    const seen: string[] = [];
    const sub = liveQuery(() => db.messages.get(row.id)).subscribe((r) => seen.push(r?.subject ?? 'none'));
    const hits: number[] = [];
    const search = liveQuery(() => db.searchTerms.where('terms').between(['hello', 0], ['hello', Infinity]).count()).subscribe((n) =>
      hits.push(n),
    );
    await expect.poll(() => seen).toEqual(['before']);
    await db.messages.update(row.id, { subject: 'after' });
    await db.searchTerms.bulkPut([{ id: row.id, accountId: 'acc', date: 5, terms: [['hello', 5]] }]);
    await expect.poll(() => seen).toEqual(['before', 'after']);
    await expect.poll(() => hits.at(-1)).toBe(1);
    sub.unsubscribe();
    search.unsubscribe();
  });
});
