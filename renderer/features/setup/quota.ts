import { formatBytes } from './wording';

export interface QuotaFact {
  usedBytes: number;
  limitBytes: number;
}

/** The server's mailbox size limit from a connection test's facts ("quota": "<used> of <limit> bytes"). */
export function quotaFrom(facts: Record<string, string> | undefined): QuotaFact | null {
  const m = /^(\d+) of (\d+) bytes$/.exec(facts?.quota ?? '');
  if (!m) return null;
  const usedBytes = Number(m[1]);
  const limitBytes = Number(m[2]);
  return limitBytes > 0 ? { usedBytes, limitBytes } : null;
}

export const quotaSentence = (q: QuotaFact): string =>
  `Your mailbox on the server holds ${formatBytes(q.limitBytes)}; ${formatBytes(q.usedBytes)} (${Math.round((q.usedBytes / q.limitBytes) * 100)}%) is used.`;

/**
 * What the choice screen knows about the IMAP mailbox's size, from a test sign-in made while the
 * user reads it. `none` only when the server answered and set no limit; a failed or impossible
 * check says so instead of pretending there is no limit.
 */
export type QuotaCheck =
  | { state: 'no-password' }
  | { state: 'not-verified' }
  | { state: 'checking' }
  | { state: 'limit'; quota: QuotaFact }
  | { state: 'none' }
  | { state: 'unknown' }
  | { state: 'failed' };

/** From a successful test's facts (imap/test-connection.ts writes "quota"). */
export function quotaCheckFrom(facts: Record<string, string>): QuotaCheck {
  const quota = quotaFrom(facts);
  if (quota) return { state: 'limit', quota };
  return facts.quota === 'none' ? { state: 'none' } : { state: 'unknown' };
}

/** The line on the IMAP card; null when there is nothing worth saying. */
export function quotaCardLine(check: QuotaCheck): string | null {
  switch (check.state) {
    case 'limit':
      return `Your server gives you ${formatBytes(check.quota.limitBytes)}; ${formatBytes(check.quota.usedBytes)} used.`;
    case 'none':
      return 'Your provider does not report a size limit for this mailbox.';
    case 'checking':
      return 'Asking the server how much room your mailbox has…';
    case 'unknown':
      return 'The server did not say how much room your mailbox has.';
    case 'failed':
      return 'Homing could not sign in to ask how much room your mailbox has; the “Sign in” page will say why.';
    case 'not-verified':
    case 'no-password':
      return null;
  }
}
