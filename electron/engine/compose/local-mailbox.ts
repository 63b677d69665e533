import type { Account, MessageHeader, SyncOp } from '../../contract';
import { summarize } from '../mime/summarize';
import type { StorePort } from '../store-port/store-port';

/**
 * POP3 accounts keep Drafts and Sent on this computer only (accounts/local-folders.ts): a copy is
 * a message row plus its exact bytes, written in one store batch like every other change.
 */
const localMessage = (account: Account, key: string, folder: 'Drafts' | 'Sent', bytes: Buffer, now: number): MessageHeader => {
  const s = summarize(bytes);
  return {
    id: `${account.id}/${key}`,
    accountId: account.id,
    folderId: `${account.id}/${folder}`,
    remoteKey: key,
    messageId: s.messageId,
    inReplyTo: s.inReplyTo,
    references: s.references,
    subject: s.subject,
    from: s.from,
    to: s.to,
    cc: s.cc,
    date: s.date ?? now,
    size: bytes.length,
    seen: true,
    flagged: false,
    answered: false,
    hasAttachments: s.hasAttachments,
    snippet: s.snippet,
    location: 'local',
    serverCopyUntil: null,
    hasSource: true,
  };
};

const apply = (store: StorePort, account: Account, id: string, ops: SyncOp[]) =>
  store.request({ kind: 'apply', batch: { id, accountId: account.id, ops } });

/** Keys of our own local copies; they can never collide with a POP3 UIDL, which has no "/". */
export const localDraftKey = (draftId: string): string => `homing/draft/${draftId}`;
export const localSentKey = (outboxId: string): string => `homing/sent/${outboxId}`;

/** Saving again under the same id replaces the previous save in the same transaction. */
export const saveLocalDraft = async (store: StorePort, account: Account, draftId: string, bytes: Buffer, now: number): Promise<string> => {
  const message = localMessage(account, localDraftKey(draftId), 'Drafts', bytes, now);
  await apply(store, account, `draft-${draftId}-${now}`, [
    { op: 'putMessages', messages: [message], sources: [{ id: message.id, bytes }] },
  ]);
  return message.id;
};

export const removeLocalMessage = async (store: StorePort, account: Account, id: string, now: number): Promise<void> => {
  await apply(store, account, `remove-${id}-${now}`, [{ op: 'removeMessages', ids: [id] }]);
};

export const saveLocalSent = async (store: StorePort, account: Account, outboxId: string, bytes: Buffer, now: number): Promise<void> => {
  const message = localMessage(account, localSentKey(outboxId), 'Sent', bytes, now);
  await apply(store, account, `sent-${outboxId}`, [{ op: 'putMessages', messages: [message], sources: [{ id: message.id, bytes }] }]);
};

/** The store's answered flag (POP3: the only place it exists; IMAP: shown before the next sync). */
export const markAnsweredHere = async (store: StorePort, account: Account, messageId: string, now: number): Promise<void> => {
  await apply(store, account, `answered-${now}`, [{ op: 'patchMessages', patches: [{ id: messageId, answered: true }] }]);
};
