import type { Table } from 'dexie';

import type { StoredMessage } from './rows';

/**
 * Where an account's mail lives, kept as running totals in `accountStats` so the "only here"
 * meter (invariant 5) costs one row read however large the mailbox, and can follow every sync
 * batch through useLiveQuery. The writer is the only thing that changes messages, and it updates
 * these totals in the same transaction as the messages, from the rows before and after the change.
 */
export interface StorageStats {
  messages: number;
  /** Bytes of message sources stored on this computer. */
  bytesHere: number;
  /** Messages whose only copy is here (location 'local'), and their bytes. */
  onlyHereCount: number;
  onlyHereBytes: number;
  /** Messages with only the header here (location 'server'). */
  serverOnlyCount: number;
}

export interface AccountStatsRow extends StorageStats {
  accountId: string;
}

type Counted = Pick<StoredMessage, 'accountId' | 'location' | 'sourceBytes'>;

export const emptyStats = (): StorageStats => ({ messages: 0, bytesHere: 0, onlyHereCount: 0, onlyHereBytes: 0, serverOnlyCount: 0 });

const addTo = (stats: StorageStats, row: Counted, sign: 1 | -1): void => {
  stats.messages += sign;
  stats.bytesHere += sign * row.sourceBytes;
  if (row.location === 'local') {
    stats.onlyHereCount += sign;
    stats.onlyHereBytes += sign * row.sourceBytes;
  } else if (row.location === 'server') {
    stats.serverOnlyCount += sign;
  }
};

/** Changes to the totals collected during one op, written with `commit` in the same transaction. */
export class StatsDelta {
  private readonly byAccount = new Map<string, StorageStats>();

  private of(accountId: string): StorageStats {
    let stats = this.byAccount.get(accountId);
    if (!stats) {
      stats = emptyStats();
      this.byAccount.set(accountId, stats);
    }
    return stats;
  }

  added(row: Counted): void {
    addTo(this.of(row.accountId), row, 1);
  }

  removed(row: Counted): void {
    addTo(this.of(row.accountId), row, -1);
  }

  /** Replaces `before` (if any) with `after` (if any). */
  changed(before: Counted | undefined, after: Counted | undefined): void {
    if (before) this.removed(before);
    if (after) this.added(after);
  }

  async commit(table: Table<AccountStatsRow, string>): Promise<void> {
    const accountIds = [...this.byAccount.keys()];
    if (accountIds.length === 0) return;
    const current = await table.bulkGet(accountIds);
    const next = accountIds.map((accountId, i): AccountStatsRow => {
      const total: AccountStatsRow = { ...emptyStats(), ...current[i], accountId };
      const delta = this.byAccount.get(accountId)!;
      for (const key of Object.keys(delta) as (keyof StorageStats)[]) total[key] += delta[key];
      return total;
    });
    this.byAccount.clear();
    await table.bulkPut(next);
  }
}

/** The totals recomputed from the messages themselves: used by upgrades, and to check the running ones. */
export const computeAccountStats = (rows: Iterable<Counted>): Map<string, AccountStatsRow> => {
  const out = new Map<string, AccountStatsRow>();
  for (const row of rows) {
    let stats = out.get(row.accountId);
    if (!stats) {
      stats = { accountId: row.accountId, ...emptyStats() };
      out.set(row.accountId, stats);
    }
    addTo(stats, row, 1);
  }
  return out;
};

/** Recomputes every account's totals, a page of messages at a time. */
export const rebuildAccountStats = async (
  messages: Table<StoredMessage, string>,
  accountStats: Table<AccountStatsRow, string>,
): Promise<void> => {
  const PAGE = 1_000;
  const delta = new StatsDelta();
  await accountStats.clear();
  let page = await messages.orderBy(':id').limit(PAGE).toArray();
  while (page.length > 0) {
    for (const row of page) delta.added(row);
    const lastId = page[page.length - 1]!.id;
    page = page.length < PAGE ? [] : await messages.where(':id').above(lastId).limit(PAGE).toArray();
  }
  await delta.commit(accountStats);
};
