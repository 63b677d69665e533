import type { MailAddress } from '../../electron/contract/mail';
import type { StoredMessage } from './rows';

/**
 * A message row the store did not hold before a batch: what the new-mail notification needs of it
 * (renderer/features/mail/notify/). Rewrites of a stored row (a body fetched later, a flag) are not
 * arrivals, which is why the writer reports these: only it knows, inside the transaction, whether
 * a row was there.
 */
export interface Arrival {
  id: string;
  accountId: string;
  folderId: string;
  /** The RFC 5322 Message-ID, to recognise mail the user moved (it arrives under a new id). */
  messageId: string | null;
  subject: string;
  from: MailAddress | null;
  seen: boolean;
  date: number;
}

export const arrivalOf = (row: StoredMessage): Arrival => ({
  id: row.id,
  accountId: row.accountId,
  folderId: row.folderId,
  messageId: row.messageId,
  subject: row.subject,
  from: row.from[0] ?? null,
  seen: row.seen,
  date: row.date,
});

/** The channel the store worker announces arrivals on, after their batch committed. */
export const ARRIVALS_CHANNEL = 'homing-arrivals';
