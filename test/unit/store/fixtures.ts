import Dexie, { type DBCore, type DBCoreTransaction } from 'dexie';

import type { Account } from '../../../electron/contract/accounts';
import type { ParsedMessage } from '../../../electron/contract/commands';
import type { StoreRequest } from '../../../electron/contract/events';
import type { Folder, FolderRole, MessageHeader, PopUidlState, SyncBatch, SyncOp } from '../../../electron/contract/mail';
import {
  type HomingDb,
  openHomingDb,
  schemaV1,
  schemaV2,
  schemaV3,
  schemaV4,
  schemaV5,
  schemaV6,
  schemaV7,
} from '../../../renderer/store/db';
import { foldPopState } from '../../../renderer/store/pop-state';
import { createStoreWriter } from '../../../renderer/store/writer';

/** A database of its own for each test: fake-indexeddb keeps every name for the process's life. */
export const freshDb = (): HomingDb => openHomingDb(`homing-test-${crypto.randomUUID()}`);

/** A fresh database as schema `version` (1–7) left it, to fill and then open with openHomingDb (migration tests). */
export const dexieAtVersion = (version: number): Dexie => {
  const db = new Dexie(`homing-test-${crypto.randomUUID()}`);
  [schemaV1, schemaV2, schemaV3, schemaV4, schemaV5, schemaV6, schemaV7]
    .slice(0, version)
    .forEach((schema, i) => db.version(i + 1).stores(schema));
  return db;
};

/** A source stored inline (Node has no segment directory), as its bytes. */
export const inlineSource = async (db: HomingDb, id: string): Promise<Uint8Array> => {
  const row = await db.sources.get(id);
  if (!row) throw new Error(`No inline source stored for ${id}`);
  return row.bytes;
};

export const account = (id = 'acc1', mode: Account['mode'] = 'pop3'): Account => ({
  id,
  name: `Account ${id}`,
  email: `${id}@example.org`,
  mode,
  incoming: { host: 'mail.example.org', port: 995, security: 'tls', username: id, allowCleartextPassword: false },
  createdAt: 1_700_000_000_000,
});

export const folder = (accountId: string, path: string, role: FolderRole = 'custom'): Folder => ({
  id: `${accountId}/${path}`,
  accountId,
  path,
  name: path,
  parentPath: null,
  role,
  local: true,
  subscribed: true,
});

let uid = 0;
export const message = (overrides: Partial<MessageHeader> & { folderId: string }): MessageHeader => {
  const accountId = overrides.accountId ?? overrides.folderId.split('/')[0]!;
  const key = overrides.remoteKey ?? `uidl-${++uid}`;
  return {
    id: overrides.id ?? `${accountId}/${key}`,
    accountId,
    remoteKey: key,
    messageId: `<${key}@example.org>`,
    inReplyTo: null,
    subject: 'Hello',
    from: [{ name: 'Ann Lee', address: 'ann@example.org' }],
    to: [{ name: '', address: `${accountId}@example.org` }],
    cc: [],
    date: 1_700_000_000_000,
    size: 1000,
    seen: false,
    flagged: false,
    answered: false,
    hasAttachments: false,
    snippet: 'Just saying hello',
    location: 'server+local',
    serverCopyUntil: null,
    hasSource: false,
    ...overrides,
  };
};

export const popEntry = (accountId: string, uidl: string, messageId: string): PopUidlState => ({
  id: `${accountId}/${uidl}`,
  accountId,
  uidl,
  state: 'downloaded',
  downloadedAt: 1_700_000_000_000,
  messageId,
  deletedLocally: false,
});

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A parsed body (what the reader caches with cacheParsedBody) holding only `text`. */
export const parsedBody = (text: string, subject = ''): ParsedMessage => ({
  subject,
  from: [],
  to: [],
  cc: [],
  date: null,
  text,
  html: null,
  attachments: [],
  problem: null,
});

let batchNo = 0;
export const batch = (ops: SyncOp[], accountId: string | null = null): SyncBatch => ({ id: `batch-${++batchNo}`, accountId, ops });

export const apply = (ops: SyncOp[], accountId: string | null = null): Extract<StoreRequest, { kind: 'apply' }> => ({
  kind: 'apply',
  batch: batch(ops, accountId),
});

/** Puts an account with an inbox. */
export const setupOps = (accountId = 'acc1', mode: Account['mode'] = 'pop3'): SyncOp[] => [
  { op: 'putAccount', account: account(accountId, mode) },
  { op: 'putFolders', folders: [folder(accountId, 'INBOX', 'inbox')] },
];

export interface TransactionLog {
  events: string[];
  durabilities: (string | undefined)[];
  readWriteCount: number;
}

/**
 * Watches the IndexedDB transactions a HomingDb creates (a DBCore middleware), logging each
 * read-write transaction's 'complete' event and the durability it was created with.
 * Register before the db is first used.
 */
export const watchTransactions = (db: HomingDb): TransactionLog => {
  const log: TransactionLog = { events: [], durabilities: [], readWriteCount: 0 };
  db.use({
    stack: 'dbcore',
    name: 'test-transaction-log',
    create: (down: DBCore): DBCore => ({
      ...down,
      transaction: (stores, mode, options): DBCoreTransaction => {
        const tx = down.transaction(stores, mode, options);
        if (mode === 'readwrite') {
          log.readWriteCount += 1;
          log.durabilities.push((tx as unknown as IDBTransaction).durability);
          (tx as unknown as IDBTransaction).addEventListener('complete', () => log.events.push('complete'));
          (tx as unknown as IDBTransaction).addEventListener('abort', () => log.events.push('abort'));
        }
        return tx;
      },
    }),
  });
  return log;
};

/** The POP3 UIDL state the log holds (all accounts), as the engine reads it. */
export const popStates = async (db: HomingDb): Promise<PopUidlState[]> => foldPopState(await db.popStateLog.toArray());

/**
 * Row counts of every table; for the POP3 state log, its live entries (`popState`), since the
 * same state written twice is two log rows.
 */
export const counts = async (db: HomingDb): Promise<Record<string, number>> => {
  const out: Record<string, number> = {};
  for (const table of db.tables) {
    if (table.name === 'popStateLog') out.popState = (await popStates(db)).length;
    else out[table.name] = await table.count();
  }
  return out;
};

/** Applies ops through the writer and fails the test if the store refused them. */
export const seed = async (db: HomingDb, ops: SyncOp[]): Promise<void> => {
  const result = await createStoreWriter(db).handle(apply(ops));
  if (!result.ok) throw new Error(`seed failed: ${result.error.code}: ${result.error.message}`);
};

export interface ReadRequest {
  table: string;
  type: 'query' | 'openCursor' | 'count' | 'get' | 'getMany';
  index: string;
  limit?: number;
}

/** Records which index each read of a HomingDb used (a DBCore middleware). Register before first use. */
export const watchReads = (db: HomingDb): ReadRequest[] => {
  const reads: ReadRequest[] = [];
  db.use({
    stack: 'dbcore',
    name: 'test-read-log',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          query: (req) => {
            reads.push({ table: name, type: 'query', index: req.query.index.name ?? ':id', limit: req.limit });
            return table.query(req);
          },
          openCursor: (req) => {
            reads.push({ table: name, type: 'openCursor', index: req.query.index.name ?? ':id' });
            return table.openCursor(req);
          },
          count: (req) => {
            reads.push({ table: name, type: 'count', index: req.query.index.name ?? ':id' });
            return table.count(req);
          },
        };
      },
    }),
  });
  return reads;
};
