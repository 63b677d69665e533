import type { Table } from 'dexie';

import { type StoreAnswers, type StoreRequest, storeRequestSchema } from '../../electron/contract/events';
import type { SyncBatch, SyncOp } from '../../electron/contract/mail';
import { fail, ok, type Result } from '../../electron/contract/result';
import type { Arrival } from './arrivals';
import { allTables, type HomingDb } from './db';
import { toStoreError } from './errors';
import { putAccount, removeAccount } from './ops/accounts';
import { putFolders, removeFolders } from './ops/folders';
import { patchMessages, type PreparedPut, preparePutMessages, putMessages, removeMessages } from './ops/messages';
import { putImapFolderState, putPopState } from './ops/sync-state';
import { compactPopState } from './pop-state';
import { getSource } from './queries/get-source';
import { startingWith } from './ranges';
import { prepareSort } from './sort-keys';
import { createSourceAppender, type SourceAppender } from './source-appender';
import { collectSegments, compactSegments } from './source-segments';

export interface StoreWriter {
  /**
   * Answers one engine request. `apply` resolves only after its transaction committed durably, and
   * never throws: every failure comes back as `{ ok: false }` (STYLE.md habit 4).
   */
  handle<R extends StoreRequest>(request: R): Promise<Result<StoreAnswers[R['kind']]>>;
  /** The same, for a request still unparsed off a process boundary (the worker, the transport). */
  handleUnknown(request: unknown): Promise<Result<unknown>>;
  /**
   * When the last request was answered (Date.now()), or null while any is in flight: the body
   * indexer (./body-indexer.ts) writes only after the writer has been idle for a while, so it never
   * holds a transaction a sync batch is waiting for.
   */
  idleSince(): number | null;
}

/** The tables one op writes or reads; the transaction covers only these, so readers of others never wait. */
const tablesFor = (db: HomingDb, op: SyncOp): Table[] => {
  switch (op.op) {
    case 'putAccount':
      return [db.accounts];
    case 'removeAccount':
      return allTables(db);
    case 'putFolders':
      return [db.folders];
    case 'removeFolders':
      return [
        db.folders,
        db.messages,
        db.sources,
        db.bodies,
        db.searchTerms,
        db.bodyIndexQueue,
        db.accountStats,
        db.imapFolderState,
        db.sourceSegments,
        db.folderCounts,
        db.folderSorts,
      ];
    case 'putMessages':
      return [
        db.messages,
        db.searchTerms,
        db.bodyIndexQueue,
        db.folders,
        db.sources,
        db.bodies,
        db.accountStats,
        db.folderCounts,
        db.sourceSegments,
        db.folderSorts,
      ];
    case 'patchMessages':
      return [db.messages, db.folders, db.accountStats, db.folderCounts, db.folderSorts];
    case 'removeMessages':
      return [db.messages, db.sources, db.bodies, db.searchTerms, db.bodyIndexQueue, db.accountStats, db.folderCounts, db.sourceSegments];
    case 'putPopState':
      return [db.popStateLog];
    case 'putImapFolderState':
      return [db.imapFolderState];
  }
};

/** Work an op needs of nothing stored, done before its transaction opens (see PreparedPut). */
type Prepared = PreparedPut | null;
const prepareOp = async (op: SyncOp, appender: SourceAppender | null): Promise<Prepared> =>
  op.op === 'putMessages' ? preparePutMessages(op, appender) : null;

const applyOp = (db: HomingDb, op: SyncOp, prepared: Prepared): Promise<void | Arrival[]> => {
  switch (op.op) {
    case 'putAccount':
      return putAccount(db, op);
    case 'removeAccount':
      return removeAccount(db, op);
    case 'putFolders':
      return putFolders(db, op);
    case 'removeFolders':
      return removeFolders(db, op);
    case 'putMessages':
      return putMessages(db, op, prepared ?? undefined);
    case 'patchMessages':
      return patchMessages(db, op);
    case 'removeMessages':
      return removeMessages(db, op);
    case 'putPopState':
      return putPopState(db, op);
    case 'putImapFolderState':
      return putImapFolderState(db, op);
  }
};

/**
 * Ops that leave segment bytes unused. (A source replacing a stored one does too, rarely; its
 * segment is looked at with the next removal, when the writer moves to a new segment, or at start.)
 */
const mayFreeSegments = (op: SyncOp): boolean => op.op === 'removeMessages' || op.op === 'removeFolders' || op.op === 'removeAccount';

/** A batch for one account carries only that account's data; anything else is an engine bug. */
const foreignAccount = (batch: SyncBatch): string | null => {
  const owner = batch.accountId;
  if (owner === null) return null;
  for (const op of batch.ops) {
    const ids =
      op.op === 'putAccount'
        ? [op.account.id]
        : op.op === 'removeAccount'
          ? [op.accountId]
          : op.op === 'putFolders'
            ? op.folders.map((f) => f.accountId)
            : op.op === 'putMessages'
              ? op.messages.map((m) => m.accountId)
              : op.op === 'putPopState'
                ? op.entries.map((e) => e.accountId)
                : [];
    const other = ids.find((id) => id !== owner);
    if (other !== undefined) return `${op.op} touches account ${other}`;
  }
  return null;
};

/**
 * Applies every op of a batch in ONE read-write transaction. Dexie's transaction promise resolves
 * on IndexedDB's 'complete' event, which with durability 'strict' (set on the HomingDb) means the
 * data is on disk; if any op throws, Dexie aborts and nothing of the batch is written.
 */
const applyBatch = async (db: HomingDb, batch: SyncBatch, prepare: (ops: SyncOp[]) => Promise<Prepared[]>): Promise<Arrival[]> => {
  const tables = [...new Set(batch.ops.flatMap((op) => tablesFor(db, op)))];
  if (tables.length === 0) return [];
  const prepared = await prepare(batch.ops);
  const arrivals: Arrival[] = [];
  await db.transaction('rw', tables, async () => {
    for (const [i, op] of batch.ops.entries()) {
      const added = await applyOp(db, op, prepared[i] ?? null);
      if (added) arrivals.push(...added);
    }
  });
  // A later op of the same batch may have removed a row put by an earlier one.
  const removed = new Set(batch.ops.flatMap((op) => (op.op === 'removeMessages' ? op.ids : [])));
  return removed.size === 0 ? arrivals : arrivals.filter((a) => !removed.has(a.id));
};

export interface WriterOptions {
  /** Told, after each committed batch, about the message rows it added (never rewrites). */
  onArrivals?(arrivals: Arrival[]): void;
  /** Told when the last request in flight was answered (the body indexer's cue). */
  onIdle?(): void;
  /** Size at which a new source segment starts (tests use small ones); see SEGMENT_BYTES. */
  segmentBytes?: number;
}

export const createStoreWriter = (db: HomingDb, options: WriterOptions = {}): StoreWriter => {
  const appender = db.sourceFiles ? createSourceAppender(db.sourceFiles, undefined, options.segmentBytes) : null;
  // Batches are prepared one after another in arrival order, and each opens its transaction as
  // soon as its preparation is done: sources are appended in that order, and transactions (which
  // IndexedDB runs in the order they were opened) commit in it.
  let preparing: Promise<unknown> = Promise.resolve();
  const prepare = (ops: SyncOp[]): Promise<Prepared[]> => {
    const done = preparing.then(() => Promise.all(ops.map((op) => prepareOp(op, appender))));
    preparing = done.catch(() => undefined);
    return done;
  };
  // Mostly unused segments are compacted and unused ones deleted, starting while no batch is in
  // flight (collectSegments says why). Only the segments below the current one are looked at, so
  // only removals and the writer moving on to a new segment (the first one after start included)
  // give anything to do; a sync that only adds mail never starts a look.
  let segmentsToCheck = false;
  let checkedBelow: number | null = null;
  let collecting = false;
  const collectIdle = (): void => {
    const current = appender?.current() ?? null;
    if (!appender || collecting || current === null || (!segmentsToCheck && current === checkedBelow)) return;
    segmentsToCheck = false;
    checkedBelow = current;
    collecting = true;
    compactSegments(db, appender, current)
      .then(() => collectSegments(db, current))
      .then(
        () => {
          collecting = false;
          // Removals committed while this ran are looked at now, if the writer is idle again.
          if (inFlight === 0) collectIdle();
        },
        (error: unknown) => {
          collecting = false;
          // Tried again after the next batch, not at once: the cause (a closed database, a file
          // another window holds) rarely goes away by itself within milliseconds.
          segmentsToCheck = true;
          if (!db.hasBeenClosed()) console.warn('Homing store: could not compact or delete unused source segments; will try again', error);
        },
      );
  };
  const handleUnknown = async (input: unknown): Promise<Result<unknown>> => {
    // The request crossed a process boundary: parse it whole (the batch with syncBatchSchema inside).
    const parsed = storeRequestSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'unreadable';
      return fail('invalid_input', `The store refused a malformed request (${where})`);
    }
    const request = parsed.data;
    switch (request.kind) {
      case 'apply': {
        const foreign = foreignAccount(request.batch);
        if (foreign) return fail('invalid_input', `Batch ${request.batch.id} is for account ${request.batch.accountId}, but ${foreign}`);
        try {
          const arrivals = await applyBatch(db, request.batch, prepare);
          if (request.batch.ops.some(mayFreeSegments)) segmentsToCheck = true;
          if (arrivals.length > 0) tell(options.onArrivals, arrivals);
          return ok({ committed: true } satisfies StoreAnswers['apply']);
        } catch (error) {
          return { ok: false, error: toStoreError(error, `Could not save batch ${request.batch.id} here; nothing of it was written`) };
        }
      }
      case 'readPopState':
        // A check starts with this read: the one moment to rewrite a grown log (./pop-state.ts).
        return read(
          () => db.transaction('rw', db.popStateLog, () => compactPopState(db.popStateLog, request.accountId)),
          'Could not read POP3 download state',
        );
      case 'readImapFolderStates':
        return read(
          () =>
            db.transaction('r', [db.folders, db.imapFolderState], async () => {
              const folderIds = await db.folders
                .where('[accountId+path]')
                .between(...startingWith(request.accountId))
                .primaryKeys();
              return (await db.imapFolderState.bulkGet(folderIds)).filter((s) => s !== undefined);
            }),
          'Could not read IMAP folder state',
        );
      case 'readSource':
        return read(async () => {
          const bytes = await getSource(db, request.messageId);
          return bytes ? { bytes } : null;
        }, 'Could not read the message source');
      case 'prepareSort':
        return read(async () => {
          await prepareSort(db, request.folderId, request.sort);
          return { ready: true as const };
        }, 'Could not prepare the folder’s sort');
      case 'readFolderMessageIds':
        return read(
          () =>
            db.messages
              .where('[folderId+date]')
              .between(...startingWith(request.folderId))
              .primaryKeys(),
          'Could not list the folder’s messages',
        );
    }
  };

  // Requests run concurrently (the worker prepares the next batch while one is written), so the
  // writer is idle only when none is in flight.
  let inFlight = 0;
  let idleAt = Date.now();
  const tracked = async (input: unknown): Promise<Result<unknown>> => {
    inFlight += 1;
    try {
      return await handleUnknown(input);
    } finally {
      inFlight -= 1;
      if (inFlight === 0) {
        idleAt = Date.now();
        collectIdle();
        try {
          options.onIdle?.();
        } catch {
          // The answer is what matters; the indexer catches up on its next cue.
        }
      }
    }
  };

  return {
    handle: <R extends StoreRequest>(request: R) => tracked(request) as Promise<Result<StoreAnswers[R['kind']]>>,
    handleUnknown: tracked,
    idleSince: () => (inFlight === 0 ? idleAt : null),
  };
};

/** The batch is committed: a listener's failure must not turn its acknowledgement into an error. */
const tell = (listener: WriterOptions['onArrivals'], arrivals: Arrival[]): void => {
  try {
    listener?.(arrivals);
  } catch {
    // Notifications are a convenience; the mail is stored either way.
  }
};

const read = async <T>(query: () => Promise<T>, action: string): Promise<Result<T>> => {
  try {
    return ok(await query());
  } catch (error) {
    return { ok: false, error: toStoreError(error, action) };
  }
};
