import type { Account, MailAddress } from '../../contract';
import { type Draft, type Identity } from '../../contract/compose';
import { parseMessageId } from '../imap/ids';
import type { StorePort } from '../store-port/store-port';
import type { DraftRemoteRef } from './draft-store';
import { type ImapMailboxDeps, isImapDraftsFolder } from './imap-mailbox';
import type { ParsedOriginal } from './prepare';
import { parseMessageIds } from './quote';

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The draft fields of a message saved in Drafts (by another client, or by Homing on another
 * computer): recipients, Bcc included (only a sender's own copy carries it), subject, text and the
 * thread headers, so a reopened reply still answers the same message. The identity is the one whose
 * address is in From; a draft from an address the account does not know is from its own address.
 */
export const reopenedFields = (
  parsed: Pick<ParsedOriginal, 'message' | 'bcc'>,
  identities: readonly Identity[],
): Pick<Draft, 'to' | 'cc' | 'bcc' | 'subject' | 'text' | 'inReplyTo' | 'references' | 'identityId'> => {
  const { message } = parsed;
  const from: MailAddress | undefined = message.from[0];
  const identity = (from && identities.find((i) => same(i.address, from.address))) || identities[0]!;
  return {
    to: message.to,
    cc: message.cc,
    bcc: parsed.bcc,
    subject: message.subject,
    text: message.text.replace(/\r\n?/g, '\n'),
    inReplyTo: parseMessageIds(message.inReplyTo)[0] ?? null,
    references: message.references,
    identityId: identity.id,
  };
};

/** A Message-ID worth keeping for the reopened draft: one id in angle brackets, nothing else. */
export const keepableMessageId = (id: string | null): string | null => (id && /^<[^<>\s@]+@[^<>\s@]+>$/.test(id) ? id : null);

/**
 * Where the stored message is, as a draft's server copy that its next save replaces. Only for a
 * message that really is in the account's Drafts folder: the replace deletes the old copy, and a
 * message the user opened from the Inbox or Sent must never be deleted by "edit".
 */
export const remoteOfStored = async (
  account: Account,
  messageId: string,
  env: { imap: ImapMailboxDeps; store: StorePort | null },
): Promise<DraftRemoteRef | null> => {
  if (account.mode === 'imap') {
    const ref = parseMessageId(account.id, messageId);
    if (!ref || !(await isImapDraftsFolder(account, env.imap, ref.folderPath))) return null;
    return { kind: 'imap', path: ref.folderPath, uidValidity: ref.uidValidity, uid: ref.uid };
  }
  if (!env.store) return null;
  const inDrafts = await env.store.request({ kind: 'readFolderMessageIds', folderId: `${account.id}/Drafts` });
  return (inDrafts as string[]).includes(messageId) ? { kind: 'local', id: messageId } : null;
};
