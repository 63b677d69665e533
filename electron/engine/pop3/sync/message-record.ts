import type { MessageHeader, PopPolicy, PopUidlState } from '../../../contract';
import { summarize } from '../../mime/summarize';
import { serverCopyUntil } from './plan-check';

export const popMessageId = (accountId: string, uidl: string): string => `${accountId}/${uidl}`;

/** The list row and UIDL state for one downloaded message, committed together in one batch. */
export const buildPopRecord = (opts: {
  accountId: string;
  uidl: string;
  bytes: Buffer;
  mode: 'full' | 'headers';
  serverSize: number;
  policy: PopPolicy;
  now: number;
}): { header: MessageHeader; state: PopUidlState } => {
  const summary = summarize(opts.bytes);
  const id = popMessageId(opts.accountId, opts.uidl);
  return {
    header: {
      id,
      accountId: opts.accountId,
      folderId: `${opts.accountId}/INBOX`,
      remoteKey: opts.uidl,
      messageId: summary.messageId,
      inReplyTo: summary.inReplyTo,
      references: summary.references,
      subject: summary.subject,
      from: summary.from,
      to: summary.to,
      cc: summary.cc,
      date: summary.date ?? opts.now,
      size: opts.mode === 'full' ? opts.bytes.length : opts.serverSize,
      seen: false,
      flagged: false,
      answered: false,
      hasAttachments: summary.hasAttachments,
      snippet: summary.snippet,
      // Still on the server until a DELE is confirmed at QUIT; the batch after that says 'local'.
      location: 'server+local',
      serverCopyUntil: serverCopyUntil(opts.policy, opts.now),
      hasSource: opts.mode === 'full',
    },
    state: {
      id,
      accountId: opts.accountId,
      uidl: opts.uidl,
      state: opts.mode === 'full' ? 'downloaded' : 'headers-only',
      downloadedAt: opts.now,
      messageId: id,
      deletedLocally: false,
    },
  };
};
