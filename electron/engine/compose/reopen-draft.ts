import type { Account, MailAddress } from '../../contract';
import { type Draft, draftSchema, identitiesOf, type Identity } from '../../contract/compose';
import { parseMessageId } from '../imap/ids';
import type { StorePort } from '../store-port/store-port';
import type { DraftRemoteRef, DraftStore } from './draft-store';
import { type ImapMailboxDeps, isImapDraftsFolder } from './imap-mailbox';
import { newId, newMessageId } from './message-id';
import { type ParsedOriginal, parseOriginal } from './prepare';
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

export interface ReopenEnv {
  drafts: DraftStore;
  imap: ImapMailboxDeps;
  store: StorePort | null;
  now(): number;
}

/**
 * compose:fromMessage: the stored message `messageId` (its bytes in `source`) as a draft here,
 * attachments copied into the draft store. Its server or local-folder copy becomes the draft's
 * `remote`, so the first save replaces it. Homing's own draft of that very copy opens as it is.
 */
export const reopenDraft = async (env: ReopenEnv, account: Account, messageId: string, source: Uint8Array): Promise<Draft> => {
  const parsed = await parseOriginal(source);
  const remote = await remoteOfStored(account, messageId, { imap: env.imap, store: env.store });
  const kept = keepableMessageId(parsed.message.messageId);
  const local = kept ? (await env.drafts.list()).find((d) => d.messageId === kept) : undefined;
  if (local && remote && local.remote && JSON.stringify(local.remote) === JSON.stringify(remote)) return local.draft;
  const id = newId();
  const draft: Draft = draftSchema.parse({
    id,
    accountId: account.id,
    ...reopenedFields(parsed, identitiesOf(account)),
    attachments: await env.drafts.addFiles(id, parsed.attachments),
    updatedAt: env.now(),
  });
  await env.drafts.save({
    draft,
    // The same Message-ID as the copy, unless a draft here already carries it (two drafts with one
    // id would delete each other's server copies, imap-mailbox.ts deleteImapDraft).
    messageId: kept && !local ? kept : newMessageId(account.email),
    boundary: newId(9),
    remote,
    // Nothing to write until the user changes something: the server copy is this version.
    remoteVersion: draft.updatedAt,
  });
  return draft;
};
