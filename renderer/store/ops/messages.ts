import Dexie from 'dexie';

import type { MessageHeader, SyncOp } from '../../../electron/contract/mail';
import { HomingError } from '../../../electron/contract/result';
import { type Arrival, arrivalOf } from '../arrivals';
import { queueForIndexing } from '../body-index-queue';
import type { HomingDb } from '../db';
import { startingWith } from '../ranges';
import { RowDeltas } from '../row-deltas';
import { type SearchRow, searchRowOf, searchTextChanged, type StoredMessage, toStoredMessage, withDerivedFields } from '../rows';
import { type ColumnSort, enabledSorts, withSortKeys } from '../sort-keys';
import type { SourceAppender } from '../source-appender';
import type { SegmentRef, SourceRow } from '../source-files';

type PutMessages = Extract<SyncOp, { op: 'putMessages' }>;
type PatchMessages = Extract<SyncOp, { op: 'patchMessages' }>;
type RemoveMessages = Extract<SyncOp, { op: 'removeMessages' }>;

/**
 * Stores exactly the bytes of the view, never the rest of its buffer: structured clone copies the
 * whole underlying ArrayBuffer, and a Node Buffer or a subarray of a download buffer shares one
 * much larger than the message (invariant 3: stored bytes are exactly the server's bytes).
 */
export const exactBytes = (bytes: Uint8Array): Uint8Array =>
  bytes.constructor === Uint8Array &&
  bytes.buffer instanceof ArrayBuffer &&
  bytes.byteOffset === 0 &&
  bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : new Uint8Array(bytes);

/** Every message must land in a stored folder of its own account, or the UI could never show it. */
const assertFoldersHold = async (db: HomingDb, messages: Pick<MessageHeader, 'id' | 'accountId' | 'folderId'>[]): Promise<void> => {
  const folderIds = [...new Set(messages.map((m) => m.folderId))];
  if (folderIds.length === 0) return;
  const folders = new Map((await db.folders.bulkGet(folderIds)).flatMap((f) => (f ? [[f.id, f] as const] : [])));
  for (const message of messages) {
    const folder = folders.get(message.folderId);
    if (!folder) {
      throw new HomingError('store_failed', `Message ${message.id} is in folder ${message.folderId}, which is not stored`);
    }
    if (folder.accountId !== message.accountId) {
      throw new HomingError('store_failed', `Message ${message.id} belongs to another account than folder ${folder.id}`);
    }
  }
};

/**
 * What a putMessages op needs of nothing stored, worked out before its transaction opens: the
 * rows with their derived fields (search terms, sort keys), and each source as exactly its own
 * bytes. While an earlier batch's transaction is still being written, the worker does this for the
 * next one instead of waiting; inside the transaction only what depends on stored rows is left.
 */
export interface PreparedPut {
  /** Rows for the headers in the op (the last one for an id wins, as a sequence of puts would). */
  rows: Map<string, StoredMessage>;
  sources: Map<string, Uint8Array>;
  /** Where the sources were appended and flushed (./source-appender.ts); null: they go inline. */
  refs: Map<string, SegmentRef> | null;
  /** Every id the op touches: its headers, then ids that come with a source only. */
  ids: string[];
}

export const preparePutMessages = async (op: PutMessages, appender: SourceAppender | null = null): Promise<PreparedPut> => {
  const rows = new Map<string, StoredMessage>();
  for (const header of op.messages) rows.set(header.id, toStoredMessage(header, null));
  const given = new Map(op.sources.map((s) => [s.id, s.bytes]));
  // Appended bytes are written from the views as they are; only an inline row needs its own copy.
  const refs = appender && given.size > 0 ? await appender.append(given) : null;
  const sources = refs ? given : new Map([...given].map(([id, bytes]) => [id, exactBytes(bytes)]));
  const ids = [...new Set([...rows.keys(), ...sources.keys()])];
  return { rows, sources, refs, ids };
};

/** What storing one message changes besides its row, gathered per id (see putMessages). */
interface RowOutcome {
  row: StoredMessage;
  previous: StoredMessage | undefined;
  searchRow: SearchRow | null;
  /** Its source's words must be (re)added to its search row by the body indexer. */
  index: boolean;
  /** Its parsed body came from bytes this op replaces. */
  staleBody: boolean;
  /** An inline source this op replaces with one in a segment file. */
  staleInline: boolean;
}

const outcomeOf = (
  prepared: PreparedPut,
  sorts: Map<string, ColumnSort[]>,
  id: string,
  previous: StoredMessage | undefined,
): RowOutcome => {
  const { rows: fresh, sources, refs } = prepared;
  const bytes = sources.get(id);
  const sourceBytes = bytes ? bytes.byteLength : previous?.hasSource ? previous.sourceBytes : null;
  const header = fresh.get(id);
  let row: StoredMessage;
  let searchRow: SearchRow | null = null;
  let index = false;
  if (header) {
    row = withSortKeys({ ...header, hasSource: sourceBytes !== null, sourceBytes: sourceBytes ?? 0 }, sorts.get(header.folderId));
    // Only new messages, or a header whose words changed: a body or flag arriving for a stored
    // message leaves its search entries alone (see SearchRow). A message whose source comes in the
    // same op (POP3, an IMAP mirror) gets no search row here at all: the body indexer writes its
    // header and body words in one go once the writer is idle, instead of this transaction writing
    // ~44 index entries that the indexer deletes again seconds later.
    if (!previous || searchTextChanged(previous, row)) {
      if (!bytes) searchRow = searchRowOf(row);
      if (row.hasSource && !bytes) index = true;
    }
  } else {
    // A source alone (an IMAP body fetched later) completes a message that is already stored.
    if (!previous) throw new HomingError('store_failed', `Source for message ${id}, which is not stored and not in this batch`);
    row = withSortKeys(toStoredMessage(previous, sourceBytes), sorts.get(previous.folderId));
  }
  let staleInline = false;
  if (bytes) {
    // The replaced source's bytes are no longer needed; the new ones are (when appended).
    const ref = refs?.get(id);
    if (ref) {
      row.sourceSegment = ref.segment;
      row.sourceAt = ref.at;
      staleInline = previous?.hasSource === true && previous.sourceSegment === undefined;
    } else {
      delete row.sourceSegment;
      delete row.sourceAt;
    }
  } else if (previous?.sourceSegment !== undefined) {
    row.sourceSegment = previous.sourceSegment;
    row.sourceAt = previous.sourceAt;
  }
  return {
    row,
    previous,
    searchRow,
    index: index || bytes !== undefined,
    staleBody: bytes !== undefined && previous?.hasSource === true,
    staleInline,
  };
};

const isConstraintError = (error: unknown): boolean => error instanceof Error && error.name === 'ConstraintError';

/**
 * Each id's outcome, in `ids` order. The rows of headers in the op are first ADDED as new: a sync
 * mostly stores messages never seen before, and reading each id first to find out cost one more
 * IndexedDB request per message (~0.2 ms of CPU in Chromium, as much as the write). An add refused
 * because the id is stored (ConstraintError; Dexie keeps the transaction alive when it is caught)
 * is read and written again from what was stored, as are ids that come with a source only.
 */
const storeRows = async (db: HomingDb, prepared: PreparedPut): Promise<RowOutcome[]> => {
  const { ids, rows: fresh } = prepared;
  // A row moved here keeps its folder: only ids with a header can be in another folder than stored.
  const sorts = await enabledSorts(db.folderSorts, [...new Set([...fresh.values()].map((row) => row.folderId))]);
  const outcomes = new Array<RowOutcome | undefined>(ids.length);
  const tried = ids.flatMap((id, i) => (fresh.has(id) ? [i] : []));
  const added = tried.map((i) => outcomeOf(prepared, sorts, ids[i]!, undefined));
  const refused = new Set<number>();
  try {
    if (added.length > 0) await db.messages.bulkAdd(added.map((o) => o.row));
  } catch (error) {
    if (!(error instanceof Dexie.BulkError)) throw error;
    for (const [pos, failure] of Object.entries(error.failuresByPos)) {
      if (!isConstraintError(failure)) throw failure;
      refused.add(Number(pos));
    }
  }
  tried.forEach((i, pos) => {
    if (!refused.has(pos)) outcomes[i] = added[pos];
  });
  const again = ids.flatMap((_, i) => (outcomes[i] ? [] : [i]));
  if (again.length > 0) {
    const stored = await db.messages.bulkGet(again.map((i) => ids[i]!));
    // Source-only ids keep their stored folder, whose sorts may not have been read yet.
    const more = stored.flatMap((row) => (row && !sorts.has(row.folderId) ? [row.folderId] : []));
    for (const [folderId, enabled] of await enabledSorts(db.folderSorts, [...new Set(more)])) sorts.set(folderId, enabled);
    const rewritten = again.map((i, n) => outcomeOf(prepared, sorts, ids[i]!, stored[n]));
    await db.messages.bulkPut(rewritten.map((o) => o.row));
    again.forEach((i, n) => (outcomes[i] = rewritten[n]));
  }
  return outcomes as RowOutcome[];
};

/** Stores the op's rows and sources; returns the rows that were not stored before (arrivals.ts). */
export const putMessages = async (db: HomingDb, op: PutMessages, prepared?: PreparedPut): Promise<Arrival[]> => {
  const put = prepared ?? (await preparePutMessages(op));
  const { sources, refs } = put;
  // Sources depend on nothing stored: queue them first, so IndexedDB writes them while the rows
  // are checked and written. Any failure below aborts the transaction, these writes included.
  // A source appended to a segment needs no row: its message row says where it is.
  const sourceRows: SourceRow[] = [...sources].flatMap(([id, bytes]) => (refs?.has(id) ? [] : [{ id, bytes }]));
  const sourcesPut = sourceRows.length > 0 ? db.sources.bulkPut(sourceRows) : null;
  sourcesPut?.catch(() => undefined); // awaited below; not "unhandled" while the rows are written
  const [outcomes] = await Promise.all([storeRows(db, put), assertFoldersHold(db, [...put.rows.values()])]);

  const deltas = new RowDeltas();
  const arrivals: Arrival[] = [];
  for (const outcome of outcomes) {
    deltas.changed(outcome.previous, outcome.row);
    if (!outcome.previous) arrivals.push(arrivalOf(outcome.row));
  }
  const searchRows = outcomes.flatMap((o) => (o.searchRow ? [o.searchRow] : []));
  // Bodies can only exist for a message whose source is stored (body-cache.ts writes one only
  // while its source is there; every removal of a source removes its body): only those can be stale.
  const staleBodies = outcomes.flatMap((o) => (o.staleBody ? [o.row.id] : []));
  const staleInline = outcomes.flatMap((o) => (o.staleInline ? [o.row.id] : []));
  await Promise.all([
    searchRows.length > 0 ? db.searchTerms.bulkPut(searchRows) : null,
    queueForIndexing(
      db.bodyIndexQueue,
      outcomes.flatMap((o) => (o.index ? [o.row.id] : [])),
    ),
    sourcesPut,
    // The parsed body came from the old bytes.
    staleBodies.length > 0 ? db.bodies.bulkDelete(staleBodies) : null,
    staleInline.length > 0 ? db.sources.bulkDelete(staleInline) : null,
    deltas.commit(db),
  ]);
  return arrivals;
};

/**
 * Flag, location and folder changes. A patch for a message that is not stored is skipped: the
 * user or another batch may have removed it meanwhile, and the server's flag no longer matters.
 */
export const patchMessages = async (db: HomingDb, op: PatchMessages): Promise<void> => {
  const ids = [...new Set(op.patches.map((p) => p.id))];
  const stored = await db.messages.bulkGet(ids);
  const rows = new Map(stored.flatMap((row) => (row ? [[row.id, row] as const] : [])));
  const moved: StoredMessage[] = [];
  for (const patch of op.patches) {
    const row = rows.get(patch.id);
    if (!row) continue;
    const next: StoredMessage = { ...row };
    if (patch.seen !== undefined) next.seen = patch.seen;
    if (patch.flagged !== undefined) next.flagged = patch.flagged;
    if (patch.answered !== undefined) next.answered = patch.answered;
    if (patch.location !== undefined) next.location = patch.location;
    if (patch.serverCopyUntil !== undefined) next.serverCopyUntil = patch.serverCopyUntil;
    if (patch.folderId !== undefined && patch.folderId !== row.folderId) {
      next.folderId = patch.folderId;
      moved.push(next);
    }
    rows.set(next.id, withDerivedFields(next));
  }
  await assertFoldersHold(db, moved);
  if (rows.size === 0) return;
  // Sort fields follow the folder a row is in now (./sort-keys.ts).
  const movedRows = [...new Set(moved.map((row) => row.id))].map((id) => rows.get(id)!);
  const sorts = await enabledSorts(db.folderSorts, [...new Set(movedRows.map((row) => row.folderId))]);
  for (const row of movedRows) rows.set(row.id, withSortKeys(row, sorts.get(row.folderId)));
  const deltas = new RowDeltas();
  for (const row of stored) if (row) deltas.changed(row, rows.get(row.id));
  await db.messages.bulkPut([...rows.values()]);
  await deltas.commit(db);
};

/** Deletes messages with everything hanging off them: source, parsed body, search entries and queued indexing. */
export const deleteMessageRows = async (db: HomingDb, ids: string[], rows: (StoredMessage | undefined)[]): Promise<void> => {
  if (ids.length === 0) return;
  const deltas = new RowDeltas();
  for (const row of rows) deltas.changed(row, undefined);
  await db.messages.bulkDelete(ids);
  await db.sources.bulkDelete(ids);
  await db.bodies.bulkDelete(ids);
  await db.searchTerms.bulkDelete(ids);
  await db.bodyIndexQueue.bulkDelete(ids);
  await deltas.commit(db);
};

/** Removing an id that is not stored is a no-op, so a replayed batch changes nothing. */
export const removeMessages = async (db: HomingDb, op: RemoveMessages): Promise<void> => {
  const ids = [...new Set(op.ids)];
  await deleteMessageRows(db, ids, await db.messages.bulkGet(ids));
};

/** Every message of a folder, for cascades. */
export const messagesInFolder = (db: HomingDb, folderId: string): Promise<StoredMessage[]> =>
  db.messages
    .where('[folderId+date]')
    .between(...startingWith(folderId))
    .toArray();
