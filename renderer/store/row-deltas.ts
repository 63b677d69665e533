import { StatsDelta } from './account-stats';
import type { HomingDb } from './db';
import { FolderCountDelta } from './folder-counts';
import type { StoredMessage } from './rows';
import { SegmentDelta } from './source-segments';

/**
 * Everything kept as running totals over message rows — where each account's mail lives
 * (accountStats), each folder's total and unread (folderCounts), each segment file's live bytes
 * (sourceSegments) — follows one rule: a change of a row from `before` to `after`. An op reports
 * each row it writes or removes here, once, and commits inside its transaction.
 */
export class RowDeltas {
  private readonly stats = new StatsDelta();
  private readonly folders = new FolderCountDelta();
  private readonly segments = new SegmentDelta();

  changed(before: StoredMessage | undefined, after: StoredMessage | undefined): void {
    this.stats.changed(before, after);
    this.folders.changed(before, after);
    this.segments.changed(before, after);
  }

  async commit(db: HomingDb): Promise<void> {
    await Promise.all([this.stats.commit(db.accountStats), this.folders.commit(db.folderCounts), this.segments.commit(db.sourceSegments)]);
  }
}
