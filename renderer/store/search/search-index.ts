import Dexie, { type Collection } from 'dexie';

import type { HomingDb } from '../db';
import { announceReading } from '../reading-activity';
import type { SearchRow, StoredMessage } from '../rows';
import { type ParsedQuery, parseQuery } from './tokenize';

/**
 * Reading the search index (the `searchTerms` table, see SearchRow in ../rows.ts), shared by
 * searchMessages, searchBounded and address suggestions. Matching is decided on search rows, which
 * are small; message rows are loaded only for the matches a query returns.
 */

export type SearchRows = Collection<SearchRow, string>;

/** Every entry of the `*terms` index for a word ([word, date]), or for words starting with it. */
export const termRange = (db: HomingDb, text: string, prefix: boolean): SearchRows =>
  // [p + '\uffff'] sorts after every term starting with p; Dexie.maxKey appears once per key (../ranges.ts).
  db.searchTerms.where('terms').between([text], prefix ? [`${text}\uffff`] : [text, Dexie.maxKey]);

/** Does a message match the whole query? Checks its own index entries, so it agrees with the index. */
export const matcher =
  (query: ParsedQuery, accountId: string | undefined) =>
  (row: SearchRow): boolean => {
    if (accountId !== undefined && row.accountId !== accountId) return false;
    const terms = row.terms.map(([term]) => term);
    if (query.exact.length > 0) {
      const have = new Set(terms);
      if (!query.exact.every((term) => have.has(term))) return false;
    }
    const prefix = query.prefix;
    return prefix === null || terms.some((term) => term.startsWith(prefix));
  };

/** Ids newest first (ties by id, descending), from id → date. */
export const newestFirst = (dates: Map<string, number>): string[] =>
  [...dates].sort(([a, da], [b, db_]) => db_ - da || (a < b ? 1 : a > b ? -1 : 0)).map(([id]) => id);

/** Loads candidates' search rows in order, in growing chunks, keeping the first `limit` ids that match. */
export const firstMatchingIds = async (
  db: HomingDb,
  ids: string[],
  matches: (row: SearchRow) => boolean,
  limit: number,
  maxChunk: number,
): Promise<string[]> => {
  const found: string[] = [];
  // One word alone matches every candidate: the first chunk is exactly the page.
  for (let i = 0, chunk = limit; i < ids.length && found.length < limit; i += chunk, chunk = Math.min(chunk * 2, maxChunk)) {
    for (const row of await db.searchTerms.bulkGet(ids.slice(i, i + chunk))) {
      if (row && matches(row) && found.length < limit) found.push(row.id);
    }
  }
  return found;
};

/** The message rows for ids, in their order; an id whose row is gone (removed meanwhile) is left out. */
export const messagesOf = async (db: HomingDb, ids: string[]): Promise<StoredMessage[]> =>
  (await db.messages.bulkGet(ids)).filter((row): row is StoredMessage => row !== undefined);

/** Newest first over every message: the walk for dense matches that no whole word narrows. */
export const allNewestFirst = (db: HomingDb): SearchRows => db.searchTerms.orderBy('date').reverse();

export interface SearchWord {
  text: string;
  /** The last word of the query: matches every term starting with it. */
  prefix: boolean;
}

/**
 * What both search plans start from: the query's words, the whole-query matcher and the limit;
 * null when there is nothing to look for. Announces the read, so the background body indexer
 * holds off while the user waits (../reading-activity.ts).
 */
export const prepareSearch = (
  text: string,
  options: { accountId?: string; limit?: number },
): { words: SearchWord[]; matches: (row: SearchRow) => boolean; limit: number } | null => {
  const limit = Math.max(0, Math.floor(options.limit ?? 50));
  const query = parseQuery(text);
  const words: SearchWord[] = [
    ...query.exact.map((t) => ({ text: t, prefix: false })),
    ...(query.prefix === null ? [] : [{ text: query.prefix, prefix: true }]),
  ];
  if (words.length === 0 || limit === 0) return null;
  announceReading();
  return { words, matches: matcher(query, options.accountId), limit };
};
