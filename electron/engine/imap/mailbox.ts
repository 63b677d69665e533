import type { ImapFlow, MailboxObject } from 'imapflow';

import { HomingError } from '../../contract';
import type { ServerFolderStatus } from './folder-plan';

/** Thrown when a folder's UIDVALIDITY changed between two steps of one operation. */
export class UidValidityChanged extends HomingError {
  constructor(readonly path: string) {
    super('server_refused', `The folder "${path}" was reset on the server; it is being downloaded again.`);
  }
}

export const statusOf = (mb: MailboxObject): ServerFolderStatus => ({
  uidValidity: String(mb.uidValidity),
  uidNext: mb.uidNext,
  highestModseq: mb.noModseq || mb.highestModseq === undefined ? null : String(mb.highestModseq),
  exists: mb.exists,
});

/**
 * Selects `path` under imapflow's mailbox lock for the duration of `fn` and releases it in
 * `finally`. With `expectValidity`, refuses to act on a folder whose UIDs mean something else now.
 * With `fresh`, a folder that was already selected is selected again: the UIDNEXT and
 * HIGHESTMODSEQ imapflow holds are from the last SELECT, and a quiet session hears of nothing
 * newer, so a sync must not plan from them.
 */
export const inFolder = async <T>(
  client: ImapFlow,
  path: string,
  expectValidity: string | null,
  fn: (mailbox: MailboxObject) => Promise<T>,
  opts: { fresh?: boolean } = {},
): Promise<T> => {
  const wasSelected = client.mailbox !== false && client.mailbox.path === path;
  const lock = await client.getMailboxLock(path, { acquireTimeout: 60_000 });
  try {
    if (opts.fresh && wasSelected) await client.mailboxOpen(path);
    const mailbox = client.mailbox;
    if (!mailbox) throw new HomingError('connection_lost', `The folder "${path}" could not be opened.`);
    if (expectValidity !== null && String(mailbox.uidValidity) !== expectValidity) throw new UidValidityChanged(path);
    return await fn(mailbox);
  } finally {
    lock.release();
  }
};
