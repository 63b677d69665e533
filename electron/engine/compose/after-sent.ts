import type { Account } from '../../contract';
import type { OutboxRecord } from '../outbox/outbox-state';
import type { StorePort } from '../store-port/store-port';
import { composeSettingsOf } from './compose-settings';
import { flagImapOriginal, type ImapMailboxDeps, saveImapSent } from './imap-mailbox';
import { markAnsweredHere, saveLocalSent } from './local-mailbox';

export interface AfterSentEnv {
  accounts: { get(accountId: string): Account };
  imap: ImapMailboxDeps;
  store(): StorePort | null;
  now(): number;
  folderChanged?(accountId: string, folderPath: string): void;
}

/**
 * The Sent copy, where the account keeps its mail: APPEND to the server's Sent folder (IMAP),
 * unless the server files sent mail itself; the local Sent folder (POP3).
 */
export const writeSentCopy = async (env: AfterSentEnv, record: OutboxRecord, message: Buffer): Promise<'done' | 'skipped'> => {
  let account: Account;
  try {
    account = env.accounts.get(record.accountId);
  } catch {
    // The account was removed after the message went out; there is no Sent folder to write to.
    return 'skipped';
  }
  if (account.mode === 'imap') {
    if (composeSettingsOf(account).serverSavesSent) return 'skipped';
    const path = await saveImapSent(account, env.imap, message, record.messageId);
    env.folderChanged?.(account.id, path);
    return 'done';
  }
  const store = env.store();
  if (!store) throw new Error('no window holds the local store; the Sent copy waits');
  await saveLocalSent(store, account, record.id, message, env.now());
  return 'done';
};

/** \Answered / $Forwarded on the server (IMAP) and the store's answered flag (both modes). */
export const flagOriginal = async (env: AfterSentEnv, record: OutboxRecord): Promise<void> => {
  if (!record.origin) return;
  const account = env.accounts.get(record.accountId);
  if (account.mode === 'imap') {
    await flagImapOriginal(account, env.imap, record.origin);
    const path = record.origin.messageId.slice(account.id.length + 1).replace(/\/\d+\/\d+$/, '');
    env.folderChanged?.(account.id, path);
  }
  // The store has one "answered" flag; a forward is flagged on the server only ($Forwarded).
  const store = env.store();
  if (record.origin.kind === 'reply' && store) await markAnsweredHere(store, account, record.origin.messageId, env.now());
};
