import type { AccountStatus, SyncProgress } from '../../../electron/contract';
import { describeError } from '../errors/plain-words';

/** Syncs of more messages than this get a progress bar; shorter ones are over before it would help. */
export const LONG_SYNC = 50;

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const count = new Intl.NumberFormat();

/**
 * The account's status line. While checking it says only "Checking mail…": it is a polite live
 * region, and a count changing with every message would keep a screen reader talking; the count is
 * in the progress bar (progressOf).
 */
export const statusLine = (
  status: AccountStatus | undefined,
  formatTime: (ms: number) => string = (ms) => timeFormat.format(ms),
): string => {
  if (!status) return 'Not checked yet';
  switch (status.state) {
    case 'checking':
      return 'Checking mail…';
    case 'error':
      return status.error ? describeError(status.error) : 'The last check failed';
    case 'reconnecting':
      return status.nextCheckAt ? `Reconnecting at ${formatTime(status.nextCheckAt)}` : 'Reconnecting…';
    case 'offline':
      return 'Offline';
    case 'idle':
    case 'online': {
      const parts = [status.detail, status.lastCheckedAt === null ? null : `Last checked ${formatTime(status.lastCheckedAt)}`].filter(
        (p): p is string => !!p,
      );
      return parts.length > 0 ? parts.join(' · ') : 'Not checked yet';
    }
  }
};

export interface ProgressShown {
  done: number;
  total: number;
  /** For the bar's accessible name and the text beside it. */
  label: string;
}

/**
 * The progress bar to show, or null: only while the account is checking, only for the phases that
 * count messages, and only for syncs longer than `threshold` messages.
 */
export const progressOf = (
  status: AccountStatus | undefined,
  progress: SyncProgress | undefined,
  threshold = LONG_SYNC,
): ProgressShown | null => {
  if (status?.state !== 'checking' || !progress) return null;
  if (progress.phase !== 'downloading' && progress.phase !== 'deleting') return null;
  if (progress.total <= threshold) return null;
  const done = Math.max(0, Math.min(progress.done, progress.total));
  const verb = progress.phase === 'deleting' ? 'Removing server copies' : 'Downloading';
  return { done, total: progress.total, label: `${verb}: ${count.format(done)} of ${count.format(progress.total)}` };
};
