import type { Arrival } from '../../../store/arrivals';

/** One notification: a check's new mail in one account. */
export interface MailNotice {
  accountId: string;
  title: string;
  body: string;
  /** The message a click opens: the one message, or the newest of several. */
  openId: string;
  folderId: string;
  count: number;
}

export interface NoticeContext {
  /** The user's setting. */
  enabled: boolean;
  /** Accounts whose first sync is running: everything they download is old mail to the user. */
  firstSync: ReadonlySet<string>;
  /** Message-ID headers of mail the user moved lately: a move arrives as a new row elsewhere. */
  moved: ReadonlySet<string>;
  /** Folder ids of inboxes: mail filed elsewhere (Junk, Sent, a rule's folder) is not "new mail". */
  inboxes: ReadonlySet<string>;
  accountNames: ReadonlyMap<string, string>;
}

const senderOf = (a: Arrival): string => a.from?.name.trim() || a.from?.address.trim() || 'Unknown sender';

/** The arrivals that are new mail to the user: unread, in an inbox, not moved, not a first sync. */
export const newMailOf = (arrivals: readonly Arrival[], ctx: NoticeContext): Arrival[] => {
  if (!ctx.enabled) return [];
  const seenIds = new Set<string>();
  return arrivals.filter((a) => {
    if (seenIds.has(a.id)) return false;
    seenIds.add(a.id);
    return (
      !a.seen && ctx.inboxes.has(a.folderId) && !ctx.firstSync.has(a.accountId) && !(a.messageId !== null && ctx.moved.has(a.messageId))
    );
  });
};

/**
 * What to notify for one check's arrivals: one notice per account, "3 new messages in Work" or,
 * for a single message, its sender and subject. Pure, so every rule is tested without a browser.
 */
export const noticesFor = (arrivals: readonly Arrival[], ctx: NoticeContext): MailNotice[] => {
  const byAccount = new Map<string, Arrival[]>();
  for (const a of newMailOf(arrivals, ctx)) byAccount.set(a.accountId, [...(byAccount.get(a.accountId) ?? []), a]);
  return [...byAccount].map(([accountId, mail]) => {
    const newest = mail.reduce((best, a) => (a.date > best.date ? a : best));
    if (mail.length === 1) {
      return {
        accountId,
        title: senderOf(newest),
        body: newest.subject.trim() || '(no subject)',
        openId: newest.id,
        folderId: newest.folderId,
        count: 1,
      };
    }
    const name = ctx.accountNames.get(accountId) ?? 'your mail';
    const senders = [...new Set(mail.map(senderOf))];
    const from = senders.length <= 2 ? senders.join(' and ') : `${senders.slice(0, 2).join(', ')} and ${senders.length - 2} more`;
    return {
      accountId,
      title: `${mail.length} new messages in ${name}`,
      body: `From ${from}`,
      openId: newest.id,
      folderId: newest.folderId,
      count: mail.length,
    };
  });
};
