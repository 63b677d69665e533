import type { ImapOptions } from '../../contract';

const dayMs = 86_400_000;

/**
 * Whether the offline policy wants a message's body downloaded with its header. Messages larger
 * than the attachment cap are left for on-demand download, so one huge attachment cannot fill the
 * disk or hold up the rest.
 */
export const wantsBody = (policy: ImapOptions['offline'], capKb: number, message: { date: number; size: number }, now: number): boolean => {
  if (policy.kind === 'headers-only') return false;
  if (message.size > capKb * 1024) return false;
  if (policy.kind === 'everything') return true;
  return message.date >= now - policy.days * dayMs;
};

/**
 * A mirrored body arrives as one IMAP literal (BODY.PEEK[]); stay well inside the literal size
 * guard (connect.ts, 64 MB), whatever cap the user chose. Larger ones download in parts on demand.
 */
export const maxMirroredBodyKb = 48 * 1024;

export interface BodyCandidate {
  uid: number;
  date: number;
  size: number;
}

export interface BodyPlan {
  /** UIDs that keep only their header. */
  headerOnly: number[];
  /** UIDs whose bodies are fetched, one FETCH and one store batch each, in the input's order. */
  batches: number[][];
}

/**
 * Splits one chunk of fetched headers into those stored alone and batches of bodies to download:
 * at most `maxMessages` and `maxBytes` (by RFC822.SIZE) per batch, a larger message alone, so the
 * bytes held in memory for one store transaction stay bounded.
 */
export const planBodies = (
  items: readonly BodyCandidate[],
  options: Pick<ImapOptions, 'offline' | 'attachmentCapKb'>,
  now: number,
  limits: { maxMessages: number; maxBytes: number },
): BodyPlan => {
  const capKb = Math.min(options.attachmentCapKb, maxMirroredBodyKb);
  const plan: BodyPlan = { headerOnly: [], batches: [] };
  let batch: number[] = [];
  let bytes = 0;
  for (const item of items) {
    if (!wantsBody(options.offline, capKb, item, now)) {
      plan.headerOnly.push(item.uid);
      continue;
    }
    if (batch.length > 0 && (batch.length >= limits.maxMessages || bytes + item.size > limits.maxBytes)) {
      plan.batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(item.uid);
    bytes += item.size;
  }
  if (batch.length > 0) plan.batches.push(batch);
  return plan;
};
