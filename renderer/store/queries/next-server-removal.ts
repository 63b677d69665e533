import type { HomingDb } from '../db';
import { readPopState } from '../pop-state';

export interface ServerRemoval {
  /** When the next server copies are due to be removed (ms). */
  at: number;
  /** How many server copies are due that same day. */
  count: number;
}

const DAY = 86_400_000;

/**
 * For a POP3 "keep N days" account: when the server's next copies go, from the store's record of
 * when each message was downloaded (the clock the engine's keep-days policy uses, as Thunderbird's
 * does). Reads only the account's UIDL state, never messages. null when nothing is pending.
 */
export const nextServerRemoval = async (db: HomingDb, accountId: string, keepDays: number): Promise<ServerRemoval | null> => {
  const rows = await readPopState(db.popStateLog, accountId);
  let first = Infinity;
  const dues: number[] = [];
  for (const row of rows) {
    if (row.state !== 'downloaded' && row.state !== 'headers-only') continue;
    const due = row.downloadedAt + keepDays * DAY;
    dues.push(due);
    if (due < first) first = due;
  }
  if (!Number.isFinite(first)) return null;
  const dayEnd = first - (first % DAY) + DAY;
  return { at: first, count: dues.filter((d) => d < dayEnd).length };
};
