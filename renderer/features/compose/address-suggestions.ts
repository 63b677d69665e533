import type { MailAddress } from '../../../electron/contract';
import type { HomingDb } from '../../store/db';
import { messagesOf, termRange } from '../../store/search/search-index';
import { tokenize } from '../../store/search/tokenize';

export interface Suggestion extends MailAddress {
  /** How many of the messages looked at carry this address: the order of the list. */
  count: number;
  lastSeen: number;
}

/**
 * Addresses seen in stored mail (From, To, Cc) that match what the user typed, most used first.
 * Reads the search index (`searchTerms`, whose entries include every part of names and addresses) for
 * the typed word as a prefix, newest messages first, and looks at a bounded number of them, so a
 * 100,000-message store answers as fast as a small one.
 */
export const suggestAddresses = async (
  db: HomingDb,
  typed: string,
  opts: { limit?: number; scan?: number } = {},
): Promise<Suggestion[]> => {
  const needle = typed.trim().toLowerCase();
  const word = tokenize(needle)[0];
  if (!word) return [];
  const ids = await termRange(db, word, true)
    .reverse()
    .limit(opts.scan ?? 400)
    .primaryKeys();
  const rows = await messagesOf(db, [...new Set(ids)]);
  const found = new Map<string, Suggestion>();
  for (const row of rows) {
    for (const a of [...row.from, ...row.to, ...row.cc]) {
      const address = a.address.trim();
      if (!address.includes('@')) continue;
      const name = a.name.trim();
      const matches =
        address.toLowerCase().includes(needle) ||
        name.toLowerCase().includes(needle) ||
        tokenize(`${name} ${address}`).some((t) => t.startsWith(word));
      if (!matches) continue;
      const key = address.toLowerCase();
      const had = found.get(key);
      if (had) {
        had.count++;
        if (row.date > had.lastSeen) had.lastSeen = row.date;
        if (!had.name && name) had.name = name;
      } else {
        found.set(key, { name, address, count: 1, lastSeen: row.date });
      }
    }
  }
  return [...found.values()].sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen).slice(0, opts.limit ?? 8);
};
