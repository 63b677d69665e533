import Dexie from 'dexie';

import type { HomingDb } from '../db';
import type { SearchTerm, StoredMessage } from '../rows';
import {
  allNewestFirst,
  firstMatchingIds,
  messagesOf,
  newestFirst,
  prepareSearch,
  type SearchRows,
  termRange,
} from '../search/search-index';

/**
 * Instant search for the mail window, on the same `*terms` index as `searchMessages`, without
 * ever counting a key range: Chromium's IndexedDB count() walks every entry (measured on this
 * container over 100k messages: 1.2–1.6 s for one folder's 100k entries, 3.4–7 s for the 275k
 * entries under the prefix "ne"). Every read here is bounded instead:
 * 1. Probe each word's range for at most `probe` + 1 keys. A word with no more than `probe`
 *    entries gives the complete candidate list (ids with their dates, from keys alone): load those
 *    newest first and keep the ones matching the whole query.
 * 2. When every word is common, matches are dense: walk the rarest whole word's range newest
 *    first (or, for a lone prefix, all messages by date) and keep the first `limit` that match.
 * Same results and order as `searchMessages` (every word must match, the last is a prefix;
 * newest first).
 */
export interface BoundedSearchOptions {
  accountId?: string;
  limit?: number;
  /** Keys read per word before it counts as common. */
  probe?: number;
}

/** Up to `cap` index entries of a range: how many were read, and message id → date. */
const probeRange = async (range: SearchRows, cap: number): Promise<{ read: number; dates: Map<string, number> }> => {
  const dates = new Map<string, number>();
  let read = 0;
  await range.limit(cap).eachKey((key, cursor) => {
    read += 1;
    dates.set(cursor.primaryKey as string, (key as unknown as SearchTerm)[1]);
  });
  return { read, dates };
};

/**
 * A lone word being typed that is common ("mizu"): the messages with the word itself or with a
 * longer one starting with it. The word's own range is in date order, so its newest `limit` come
 * from index keys; longer words are usually few, so their range is read whole (up to `cap`
 * keys). Merged newest first, no search row is read: walking rows newest first instead costs
 * ~0.14 ms a row, 90 ms for a word in one message of ten (100k messages, bodies indexed, Chromium).
 * Null when the longer words are common too (then the walk it is).
 */
const newestWithPrefix = async (db: HomingDb, prefix: string, limit: number, cap: number): Promise<string[] | null> => {
  const longer = await probeRange(db.searchTerms.where('terms').between([prefix, Dexie.maxKey], [`${prefix}\uffff`]), cap + 1);
  if (longer.read > cap) return null;
  const { dates } = await probeRange(termRange(db, prefix, false).reverse(), limit);
  // A message with both the word and a longer one has one date: the merge keeps one entry.
  for (const [id, date] of longer.dates) dates.set(id, date);
  return newestFirst(dates).slice(0, limit);
};

export const searchBounded = async (db: HomingDb, text: string, options: BoundedSearchOptions = {}): Promise<StoredMessage[]> => {
  const probe = Math.max(1, Math.floor(options.probe ?? 400));
  const prepared = prepareSearch(text, options);
  if (!prepared) return [];
  const { words, matches, limit } = prepared;

  return db.transaction('r', [db.searchTerms, db.messages], async () => {
    let candidates: Map<string, number> | null = null;
    // Longer words tend to be rarer: probe them first, and stop at the first range read whole.
    for (const word of [...words].sort((a, b) => b.text.length - a.text.length)) {
      const { read, dates } = await probeRange(termRange(db, word.text, word.prefix), probe + 1);
      if (read === 0) return [];
      if (read <= probe) {
        candidates = dates;
        break;
      }
    }
    if (candidates) return messagesOf(db, await firstMatchingIds(db, newestFirst(candidates), matches, limit, 500));
    const only = words.length === 1 ? words[0]! : null;
    if (only?.prefix && options.accountId === undefined) {
      // Longer words read up to twice the page: beyond that, reading them costs what the walk saves
      // (a common start such as "ne" spans hundreds of words).
      const ids = await newestWithPrefix(db, only.text, limit, Math.min(probe, 2 * limit));
      if (ids) return messagesOf(db, ids);
    }
    const wholeWord = words.find((w) => !w.prefix);
    const walk = wholeWord ? termRange(db, wholeWord.text, false).reverse() : allNewestFirst(db);
    return messagesOf(db, await walk.filter(matches).limit(limit).primaryKeys());
  });
};
