import { type DBCore, type DBCoreMutateRequest, type Middleware, RangeSet } from 'dexie';

/**
 * A write of more rows than this is announced as "anything in this table may have changed" instead
 * of key by key (Dexie itself does so from 50 rows); so is every write to a table with a multiEntry
 * index, such as the search index (up to 256 `[term, date]` keys per message), whose single keys
 * nothing in the UI watches.
 */
export const COARSE_FROM_KEYS = 16;

/** Every key, as Dexie's own FULL_RANGE (its MIN_KEY and MAX_KEY). */
const everything = () => new RangeSet(-Infinity, [[[]]]);

const keyCount = (req: DBCoreMutateRequest): number => {
  switch (req.type) {
    case 'add':
    case 'put':
      return req.values.length;
    case 'delete':
      return req.keys.length;
    case 'deleteRange':
      return Infinity;
  }
};

/**
 * Why: Dexie reports each committed write's changed keys to every live query in every window of
 * the origin (BroadcastChannel), and each live query merges them into a set it empties only when
 * it re-runs; one whose data never changes keeps every key ever written. The body indexer writes
 * ~12,000 search keys per transaction: at 20,000 messages the window's main thread spent all its
 * time merging them and grew past 2.5 GB (bench mail-window, stop 13). A whole-table range merges
 * in one step and absorbs the keys that follow.
 */
export const coarseMutations: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'CoarseMutations',
  create: (down) => ({
    ...down,
    table: (tableName) => {
      const table = down.table(tableName);
      const always = table.schema.indexes.some((index) => index.multiEntry);
      const prefix = `idb://${down.schema.name}/${tableName}/`;
      return {
        ...table,
        // .then on Dexie's own promise, not async/await: a native await here lets the
        // transaction commit before the ops after this one are issued (TransactionInactiveError).
        mutate: (req) =>
          table.mutate(req).then((result) => {
            // Set by Dexie's Observability layer (below this one) for the commit's announcement.
            const parts = (req.trans as { mutatedParts?: Record<string, RangeSet> }).mutatedParts;
            if (parts && (always || keyCount(req) > COARSE_FROM_KEYS)) {
              // The primary key (""), ":dels" and each index of this table.
              for (const part of Object.keys(parts)) if (part.startsWith(prefix)) parts[part] = everything();
            }
            return result;
          }),
      };
    },
  }),
};
