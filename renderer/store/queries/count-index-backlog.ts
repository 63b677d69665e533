import { countQueued } from '../body-index-queue';
import type { HomingDb } from '../db';

/** Above this, the backlog is reported as "cap+": counting it whole would walk the queue (count() does in Chromium). */
export const INDEX_BACKLOG_CAP = 1_000;

/**
 * Messages stored here whose words the background indexer has not yet read (../body-indexer.ts):
 * local search cannot find them yet, not even by subject, so the search box says so. Reads at
 * most `cap` + 1 keys; more than `cap` comes back as `cap + 1`.
 */
export const countIndexBacklog = (db: HomingDb, cap = INDEX_BACKLOG_CAP): Promise<number> =>
  db.transaction('r', db.bodyIndexQueue, () => countQueued(db, cap));
