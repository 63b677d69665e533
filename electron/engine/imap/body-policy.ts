import type { SearchObject } from 'imapflow';

import type { ImapOptions } from '../../contract';

const dayMs = 86_400_000;

/**
 * A mirrored body arrives as one IMAP literal (BODY.PEEK[]); stay well inside the literal size
 * guard (connect.ts, 64 MB), whatever cap the user chose. Larger ones download in parts on demand.
 */
export const maxMirroredBodyKb = 48 * 1024;

/**
 * The SEARCH keys of the messages whose bodies the offline policy downloads with their headers,
 * or null when it wants none. The server answers with UIDs only, so the policy costs one small
 * round trip per chunk instead of a row per message. Messages larger than the attachment cap are
 * left for on-demand download, so one huge attachment cannot fill the disk or hold up the rest.
 * "Recent" is by arrival (INTERNALDATE, what SEARCH SINCE and YOUNGER compare), not by the Date
 * header, which the sender writes and may get wrong.
 */
export const bodySearch = (options: Pick<ImapOptions, 'offline' | 'attachmentCapKb'>, now: number): SearchObject | null => {
  const { offline } = options;
  if (offline.kind === 'headers-only') return null;
  const capKb = Math.min(options.attachmentCapKb, maxMirroredBodyKb);
  // SMALLER is strict: "smaller than n" keeps a message of exactly the cap.
  const search: SearchObject = { smaller: capKb * 1024 + 1 };
  if (offline.kind === 'recent-bodies') search.since = new Date(now - offline.days * dayMs);
  return search;
};

export interface BatchLimits {
  maxMessages: number;
  maxBytes: number;
}

/**
 * Cuts a stream of downloaded messages into store batches: one ends when it holds `maxMessages`
 * or at least `maxBytes`, so the bytes held for one store transaction stay within `maxBytes` plus
 * one message (each at most maxMirroredBodyKb).
 */
export class BatchCutter<T> {
  private items: T[] = [];
  private bytes = 0;

  constructor(private readonly limits: BatchLimits) {}

  /** Adds one message; returns the batch it completes, or null. */
  add(item: T, bytes: number): T[] | null {
    this.items.push(item);
    this.bytes += bytes;
    return this.items.length >= this.limits.maxMessages || this.bytes >= this.limits.maxBytes ? this.take() : null;
  }

  /** What is held, possibly nothing; the cutter starts over. */
  take(): T[] {
    const batch = this.items;
    this.items = [];
    this.bytes = 0;
    return batch;
  }
}
