import Dexie, { type Table } from 'dexie';

import type { Account } from '../../electron/contract/accounts';
import type { Folder, ImapFolderState, PopUidlState } from '../../electron/contract/mail';
import { type AccountStatsRow, rebuildAccountStats } from './account-stats';
import type { BodyIndexQueueRow } from './body-index-queue';
import { coarseMutations } from './coarse-mutations';
import { countFoldersAfresh, type FolderCountRow } from './folder-counts';
import { opfsSegmentDirectory } from './opfs-source-files';
import { addInChunks, type PopStateRow } from './pop-state';
import { type BodyRow, localOnlyOf, type SearchRow, type SearchTerm, searchTermsOf, type SourceRow, type StoredMessage } from './rows';
import type { FolderSortRow } from './sort-keys';
import type { SegmentDirectory, SegmentRow } from './source-files';

/**
 * Schema history. How to migrate:
 * - Never edit a version that has shipped. Add `version(n + 1)` listing only the tables whose
 *   indexes change (`null` deletes a table), and an `upgrade()` that rewrites existing rows.
 * - An upgrade runs inside the versionchange transaction: use only the `tx` it is given, only
 *   Dexie promises, and walk big tables with modify() or in pages (see version 2).
 * - Add a test in test/unit/store/db.test.ts that opens the previous version with data, then
 *   `openHomingDb` on it.
 *
 * Index notes:
 * - A compound index serves every prefix of itself, so `accountId` and `folderId` need no index
 *   of their own (`where('accountId')` works through Dexie's virtual indexes; ./ranges.ts builds
 *   the same ranges explicitly).
 * - `[folderId+unread]`, not `[folderId+seen]`: booleans are not valid IndexedDB keys, and a row
 *   whose index key is invalid is silently left out of that index.
 * - `[folderId+size|fromSort|subjectSort]` let every column sort of a 100k-row virtual list page
 *   with offset/limit instead of loading and sorting the folder.
 * - `date` and `messageId` (version 1) are gone since version 5: nothing read them.
 */
export const schemaV1 = {
  accounts: 'id',
  folders: 'id, [accountId+path]',
  messages:
    'id, date, messageId, [folderId+date], [folderId+unread], [folderId+size], [folderId+fromSort], [folderId+subjectSort], [accountId+location]',
  sources: 'id',
  bodies: 'id',
  popState: 'id, [accountId+uidl]',
  imapFolderState: 'folderId',
} as const;

/**
 * Version 2 adds what is derived from the messages: the local search index and per-account storage
 * totals (./account-stats.ts). Its upgrade computes both for the messages already stored; a
 * tokenizer change later is the same step again (recompute `terms` in an upgrade).
 *
 * The search index is the multiEntry index `*terms` on messages, whose entries are [term, date]
 * (see SearchTerm in ./rows.ts and queries/search-messages.ts). Measured in Chromium with
 * durability 'strict', 1,000 messages of ~35 terms: a separate postings table ({term, messageId}
 * rows, one put each) took ~2.6 s per batch; the multiEntry index adds ~0.1–0.25 s, and deleting
 * or rewriting a message keeps it exact with no extra code.
 */
export const schemaV2 = {
  messages: `${schemaV1.messages}, *terms`,
  accountStats: 'accountId',
} as const;

/**
 * Version 3 moves the search index off the message rows into `searchTerms` (see SearchRow in
 * ./rows.ts): a message row is rewritten for every flag, move and downloaded body, and each
 * rewrite used to rewrite its ~40 index entries too. Same [term, date] entries, so the queries
 * keep their plans; `date` is indexed for the newest-first walk of a lone prefix.
 */
export const schemaV3 = {
  messages: schemaV1.messages,
  searchTerms: 'id, date, *terms',
} as const;

/**
 * Version 4 adds `bodyIndexQueue`: ids of messages whose stored source still has to be read into
 * their search row (./body-indexer.ts). Body words would multiply a message's index entries (~44 →
 * up to 256), and every entry costs the sync's write transaction, so the writer only queues the id
 * (one tiny record, no multiEntry) and the indexer adds the words while the writer is idle. The
 * upgrade queues every message stored with its source.
 */
export const schemaV4 = {
  bodyIndexQueue: 'id',
} as const;

/**
 * Version 5 drops two indexes of `messages` that no query reads any more: `date` (the newest-first
 * search walk moved to searchTerms.date in version 3) and `messageId` (threads are built in memory
 * from a folder's newest rows). Each was one more index entry written for every message a sync
 * stores or rewrites. No upgrade function: IndexedDB deletes the index entries itself.
 */
export const schemaV5 = {
  messages: 'id, [folderId+date], [folderId+unread], [folderId+size], [folderId+fromSort], [folderId+subjectSort], [accountId+location]',
} as const;

/**
 * Version 6 keeps new sources in segment files (./source-files.ts). It adds `sourceSegments`: how
 * many bytes of each file stored sources still point to, so a file no message needs is deleted and
 * a mostly unused one compacted; and the `sourceSegment` index, which finds the messages whose
 * sources a compaction moves (rows with an inline source, or none, are not in it). Sources written
 * before stay inline.
 * It also adds `folderCounts`, each folder's total and unread messages as running counts
 * (./folder-counts.ts), so no window counts a folder by walking its index; the upgrade counts once.
 */
export const schemaV6 = {
  messages: `${schemaV5.messages}, sourceSegment`,
  sourceSegments: 'id',
  folderCounts: 'folderId',
} as const;

/**
 * Version 7 keeps POP3 UIDL state as a log of one row per stored batch (./pop-state.ts) instead of
 * one row per UIDL, which cost a download one more put per message. The upgrade moves the rows
 * into the log, in chunks; `popState` is gone.
 */
export const schemaV7 = {
  popState: null,
  popStateLog: '++seq, accountId',
} as const;

/**
 * Version 8 drops three of the seven indexes on `messages`. Measured in Chromium, 10,000 rows
 * added in 20 transactions cost 3.1 s of CPU with seven indexes and 1.7 s with three: each index
 * entry costs about as much as a fifth of the row itself, and a download writes one per index per
 * message. What read them now reads something else:
 * - `[folderId+unread]`: only the v6 recount used it; unread totals are running counts.
 * - `[accountId+location]`: "only here" uses the sparse `localOnly` index (only rows whose only
 *   copy is here have an entry: none for IMAP or POP3 kept on the server); removing an account
 *   walks its folders.
 * - `sourceSegment`: compaction, rare and in the background, scans the rows by primary key.
 * The upgrade sets `localOnly` on the rows it applies to.
 */
export const schemaV8 = {
  messages: 'id, [folderId+date], [folderId+size], [folderId+fromSort], [folderId+subjectSort], localOnly',
} as const;

/**
 * Version 9 keeps column sort indexes only for folders sorted that way (./sort-keys.ts): the
 * `fromSort`/`subjectSort` fields, and a new `sizeSort`, are on a row only while its folder has
 * that sort turned on, so the indexes are sparse; `folderSorts` says which. No upgrade: rows stored
 * before keep their sort fields, which nothing reads until their folder's sort is turned on and
 * every row of it given its fields again.
 */
export const schemaV9 = {
  messages: 'id, [folderId+date], [folderId+sizeSort], [folderId+fromSort], [folderId+subjectSort], localOnly',
  folderSorts: 'folderId',
} as const;

export const CURRENT_VERSION = 9;

/** A version 2 row: the search entries still on it. */
type SchemaV2Message = StoredMessage & { terms?: SearchTerm[] };

export class HomingDb extends Dexie {
  accounts!: Table<Account, string>;
  folders!: Table<Folder, string>;
  messages!: Table<StoredMessage, string>;
  sources!: Table<SourceRow, string>;
  bodies!: Table<BodyRow, string>;
  popStateLog!: Table<PopStateRow, number>;
  imapFolderState!: Table<ImapFolderState, string>;
  accountStats!: Table<AccountStatsRow, string>;
  searchTerms!: Table<SearchRow, string>;
  bodyIndexQueue!: Table<BodyIndexQueueRow, string>;
  sourceSegments!: Table<SegmentRow, number>;
  folderCounts!: Table<FolderCountRow, string>;
  folderSorts!: Table<FolderSortRow, string>;
  /** Where segment-file sources are read (and, in the writer, appended); null: every source is inline. */
  readonly sourceFiles: SegmentDirectory | null;

  constructor(name: string, sourceFiles: SegmentDirectory | null = null) {
    // 'strict': the 'complete' event (and so every acknowledgement to the engine) comes only after
    // the data reached persistent storage; Chromium's default may report commit while the write
    // sits in the OS cache. POP3 DELE depends on that acknowledgement (invariant 1).
    super(name, { chromeTransactionDurability: 'strict' });
    this.use(coarseMutations);
    this.version(1).stores(schemaV1);
    this.version(2)
      .stores(schemaV2)
      .upgrade(async (tx) => {
        const messages = tx.table<StoredMessage, string>('messages');
        // modify() walks the table with a cursor, so memory stays flat over 100k messages.
        await messages.toCollection().modify((row: SchemaV2Message) => {
          row.terms = searchTermsOf(row);
        });
        await rebuildAccountStats(messages, tx.table<AccountStatsRow, string>('accountStats'));
      });
    this.version(3)
      .stores(schemaV3)
      .upgrade(async (tx) => {
        const messages = tx.table<SchemaV2Message, string>('messages');
        const searchTerms = tx.table<SearchRow, string>('searchTerms');
        // In pages by primary key, so memory stays flat over 100k messages.
        for (let after: string | null = null; ;) {
          const page: SchemaV2Message[] = await (after === null ? messages.orderBy(':id') : messages.where(':id').above(after))
            .limit(1_000)
            .toArray();
          if (page.length === 0) break;
          await searchTerms.bulkPut(
            page.map((row) => ({ id: row.id, accountId: row.accountId, date: row.date, terms: row.terms ?? searchTermsOf(row) })),
          );
          await messages.bulkPut(page.map(({ terms: _dropped, ...row }) => row));
          after = page[page.length - 1]!.id;
        }
      });
    this.version(4)
      .stores(schemaV4)
      .upgrade(async (tx) => {
        const messages = tx.table<StoredMessage, string>('messages');
        const queue = tx.table<BodyIndexQueueRow, string>('bodyIndexQueue');
        // In pages by primary key (as version 3), so memory stays flat over 100k messages.
        for (let after: string | null = null; ;) {
          const page: StoredMessage[] = await (after === null ? messages.orderBy(':id') : messages.where(':id').above(after))
            .limit(1_000)
            .toArray();
          if (page.length === 0) break;
          const withSource = page.filter((row) => row.hasSource).map((row) => ({ id: row.id }));
          if (withSource.length > 0) await queue.bulkPut(withSource);
          after = page[page.length - 1]!.id;
        }
      });
    this.version(5).stores(schemaV5);
    this.version(6)
      .stores(schemaV6)
      .upgrade((tx) =>
        countFoldersAfresh(
          tx.table<Folder, string>('folders'),
          tx.table<StoredMessage, string>('messages'),
          tx.table<FolderCountRow, string>('folderCounts'),
        ),
      );
    this.version(7)
      .stores(schemaV7)
      .upgrade(async (tx) => {
        const log = tx.table<PopStateRow, number>('popStateLog');
        const byAccount = new Map<string, PopUidlState[]>();
        await tx.table<PopUidlState, string>('popState').each((row) => {
          const list = byAccount.get(row.accountId);
          if (list) list.push(row);
          else byAccount.set(row.accountId, [row]);
        });
        for (const [accountId, entries] of byAccount) await addInChunks(log, accountId, entries);
      });
    this.version(8)
      .stores(schemaV8)
      .upgrade(async (tx) => {
        // modify() writes back only the rows the function changed.
        await tx
          .table<StoredMessage, string>('messages')
          .toCollection()
          .modify((row: StoredMessage) => {
            const only = localOnlyOf(row);
            if (only !== undefined) row.localOnly = only;
          });
      });
    this.version(9).stores(schemaV9);
    this.sourceFiles = sourceFiles;
  }
}

/** The store's database. Opens lazily on first use (Dexie autoOpen); call `.open()` to fail early. */
export const openHomingDb = (name = 'homing', sourceFiles: SegmentDirectory | null = opfsSegmentDirectory(name)): HomingDb =>
  new HomingDb(name, sourceFiles);

/** Every table, for transactions that may touch anything (removing an account). */
export const allTables = (db: HomingDb): Table[] => [
  db.accounts,
  db.folders,
  db.messages,
  db.sources,
  db.bodies,
  db.popStateLog,
  db.imapFolderState,
  db.accountStats,
  db.searchTerms,
  db.bodyIndexQueue,
  db.sourceSegments,
  db.folderCounts,
  db.folderSorts,
];
