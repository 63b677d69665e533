import type { Account } from '../../../electron/contract';
import type { HomingDb } from '../../store/db';
import { exportEntriesFor } from '../../store/queries/folder-export';
import { listOnlyHere } from '../../store/queries/list-only-here';
import { downloadBytes } from '../mail/export/download';
import { mboxFilename } from '../mail/export/export-names';
import { mboxrdChunks } from '../mail/export/mboxrd';

export interface ExportResult {
  filename: string;
  saved: number;
  /** Messages whose bytes are not stored here, so the file cannot hold them. */
  missing: number;
}

/** Saves an account's only-here mail as one mbox file (mboxrd, byte-exact), oldest first. */
export async function exportOnlyHere(db: HomingDb, account: Account): Promise<ExportResult> {
  const rows = (await listOnlyHere(db, account.id)).sort((a, b) => a.date - b.date);
  const { entries, missing } = await exportEntriesFor(db, rows);
  const filename = mboxFilename(account.name, 'only on this computer');
  downloadBytes(entries.flatMap(mboxrdChunks), filename, 'application/mbox');
  return { filename, saved: entries.length, missing };
}
