import type { Table } from 'dexie';

import type { PopUidlState } from '../../electron/contract/mail';

/**
 * POP3 UIDL state as a log: each `putPopState` op of a batch is ONE row holding its entries, and
 * an account's state is its rows folded in order (a later entry for a UIDL replaces an earlier
 * one). One record per UIDL cost a download one more IndexedDB put per message, and in Chromium
 * every put costs ~0.1 ms of CPU in the worker and as much in the IndexedDB thread, whatever its
 * size: 10,000 downloads wrote 10,000 state records next to their 10,000 message rows. As a log
 * they are one record per stored batch.
 *
 * Rows are never patched in place, so a batch that fails leaves the log as it was (its row is in
 * the failed transaction). The log is rewritten as chunks when it has grown well past what its
 * live entries need (`compactPopState`), at the start of a mail check.
 */
export interface PopStateRow {
  /** Auto-incremented: the order the log is folded in. */
  seq?: number;
  accountId: string;
  entries: PopUidlState[];
}

/** Entries per row when the log is rewritten: ~1 MB of structured clone, read once per check. */
export const POP_STATE_CHUNK = 5_000;

/** Rows a log may hold beyond what its live entries need before a check rewrites it. */
const SLACK_ROWS = 32;

export const appendPopState = async (table: Table<PopStateRow, number>, entries: PopUidlState[]): Promise<void> => {
  const byAccount = new Map<string, PopUidlState[]>();
  for (const entry of entries) {
    const list = byAccount.get(entry.accountId);
    if (list) list.push(entry);
    else byAccount.set(entry.accountId, [entry]);
  }
  for (const [accountId, list] of byAccount) await table.add({ accountId, entries: list });
};

const logOf = (table: Table<PopStateRow, number>, accountId: string) => table.where('accountId').equals(accountId);

/** The account's rows in the order they were written (an index walk is in primary-key order within one key). */
const rowsOf = (table: Table<PopStateRow, number>, accountId: string): Promise<PopStateRow[]> => logOf(table, accountId).toArray();

/** Later entries replace earlier ones for the same UIDL; the first position is kept, so order is stable. */
export const foldPopState = (rows: PopStateRow[]): PopUidlState[] => {
  const byId = new Map<string, PopUidlState>();
  for (const row of rows) for (const entry of row.entries) byId.set(entry.id, entry);
  return [...byId.values()];
};

export const readPopState = async (table: Table<PopStateRow, number>, accountId: string): Promise<PopUidlState[]> =>
  foldPopState(await rowsOf(table, accountId));

/**
 * Reads the account's state and, when its log holds many more rows than the state needs, rewrites
 * it as chunks in the same transaction (the caller's, read-write). Returns the state either way.
 */
export const compactPopState = async (table: Table<PopStateRow, number>, accountId: string): Promise<PopUidlState[]> => {
  const rows = await rowsOf(table, accountId);
  const state = foldPopState(rows);
  const needed = Math.ceil(state.length / POP_STATE_CHUNK);
  if (rows.length > needed + SLACK_ROWS) {
    await logOf(table, accountId).delete();
    await addInChunks(table, accountId, state);
  }
  return state;
};

/** Writes an account's state as rows of POP_STATE_CHUNK entries (a rewrite, or the v7 upgrade). */
export const addInChunks = async (table: Table<PopStateRow, number>, accountId: string, entries: PopUidlState[]): Promise<void> => {
  for (let at = 0; at < entries.length; at += POP_STATE_CHUNK) {
    await table.add({ accountId, entries: entries.slice(at, at + POP_STATE_CHUNK) });
  }
};

export const removePopState = async (table: Table<PopStateRow, number>, accountId: string): Promise<void> => {
  await logOf(table, accountId).delete();
};
