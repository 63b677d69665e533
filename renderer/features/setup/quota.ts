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
