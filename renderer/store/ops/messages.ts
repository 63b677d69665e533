import type { MessageHeader, SyncOp } from '../../../electron/contract/mail';
import { HomingError } from '../../../electron/contract/result';
import type { HomingDb } from '../db';
import { StatsDelta } from '../account-stats';
import { startingWith } from '../ranges';
import { type StoredMessage, toStoredMessage, withDerivedFields } from '../rows';

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

export const putMessages = async (db: HomingDb, op: PutMessages): Promise<void> => {
  // Within one op the last header or source for an id wins, as a sequence of puts would.
  const headers = new Map(op.messages.map((m) => [m.id, m]));
  const sources = new Map(op.sources.map((s) => [s.id, exactBytes(s.bytes)]));
  const ids = [...new Set([...headers.keys(), ...sources.keys()])];
  const stored = await db.messages.bulkGet(ids);
  const before = new Map(ids.map((id, i) => [id, stored[i]]));

  await assertFoldersHold(db, [...headers.values()]);

  const rows: StoredMessage[] = [];
  const stats = new StatsDelta();
  for (const id of ids) {
    const previous = before.get(id);
    // A source alone (an IMAP body fetched later) completes a message that is already stored.
    const header = headers.get(id) ?? previous;
    if (!header) throw new HomingError('store_failed', `Source for message ${id}, which is not stored and not in this batch`);
    const bytes = sources.get(id);
    const sourceBytes = bytes ? bytes.byteLength : previous?.hasSource ? previous.sourceBytes : null;
    const row = toStoredMessage(header, sourceBytes);
    rows.push(row);
    stats.changed(previous, row);
  }

  await db.messages.bulkPut(rows);
  if (sources.size > 0) {
    await db.sources.bulkPut([...sources].map(([id, bytes]) => ({ id, bytes })));
    // The parsed body came from the old bytes.
    await db.bodies.bulkDelete([...sources.keys()]);
  }
  await stats.commit(db.accountStats);
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
  const stats = new StatsDelta();
  for (const row of stored) if (row) stats.changed(row, rows.get(row.id));
  await db.messages.bulkPut([...rows.values()]);
  await stats.commit(db.accountStats);
};

/**
 * Deletes messages with everything hanging off them: source and parsed body. Their search entries
 * live in the messages' own `*terms` index and go with the rows.
 */
export const deleteMessageRows = async (db: HomingDb, ids: string[], rows: (StoredMessage | undefined)[]): Promise<void> => {
  if (ids.length === 0) return;
  const stats = new StatsDelta();
  for (const row of rows) if (row) stats.removed(row);
  await db.messages.bulkDelete(ids);
  await db.sources.bulkDelete(ids);
  await db.bodies.bulkDelete(ids);
  await stats.commit(db.accountStats);
};

/** Removing an id that is not stored is a no-op, so a replayed batch changes nothing. */
export const removeMessages = async (db: HomingDb, op: RemoveMessages): Promise<void> => {
  const ids = [...new Set(op.ids)];
  await deleteMessageRows(db, ids, await db.messages.bulkGet(ids));
};

/** Every message of a folder, for cascades. */
export const messagesInFolder = (db: HomingDb, folderId: string): Promise<StoredMessage[]> =>
  db.messages.where('[folderId+date]').between(...startingWith(folderId)).toArray();
