import type { ImapFlow } from 'imapflow';

import { type Account, HomingError } from '../../contract';
import { closeImapClient, type ImapConnectExtras, openImapClient } from '../imap/connect';
import { toHomingError } from '../imap/errors';
import { roleOf } from '../imap/folders';
import { parseMessageId } from '../imap/ids';
import type { Logger } from '../log';
import type { DraftRemoteRef } from './draft-store';

export interface ImapMailboxDeps {
  password: (accountId: string) => Promise<string>;
  log: Logger;
  extras?: ImapConnectExtras;
}

/** Names other clients and servers use when SPECIAL-USE (RFC 6154) is missing. */
const fallbackNames: Record<'sent' | 'drafts', string[]> = {
  sent: ['Sent', 'Sent Items', 'Sent Messages', 'INBOX.Sent', 'INBOX/Sent'],
  drafts: ['Drafts', 'INBOX.Drafts', 'INBOX/Drafts'],
};

/**
 * A short session of its own for writing to Drafts and Sent: APPEND and a few STOREs do not need
 * the mirror's connection, and a queued send must not wait behind a long first sync.
 */
export const withImap = async <T>(account: Account, deps: ImapMailboxDeps, fn: (client: ImapFlow) => Promise<T>): Promise<T> => {
  const client = await openImapClient({
    settings: account.incoming,
    password: await deps.password(account.id),
    role: 'probe',
    ...(deps.extras ? { extras: deps.extras } : {}),
    log: deps.log,
    onClose: () => undefined,
  });
  try {
    return await fn(client);
  } catch (err) {
    throw toHomingError(err, account.incoming.host);
  } finally {
    await closeImapClient(client);
  }
};

/** The account's Sent or Drafts folder: by SPECIAL-USE, else by a well-known name, else created. */
export const findSpecialFolder = async (client: ImapFlow, role: 'sent' | 'drafts'): Promise<string> => {
  const entries = await client.list();
  const byUse = entries.find((e) => roleOf(e) === role);
  if (byUse) return byUse.path;
  for (const name of fallbackNames[role]) {
    const found = entries.find((e) => e.path.toLowerCase() === name.toLowerCase());
    if (found) return found.path;
  }
  const name = role === 'sent' ? 'Sent' : 'Drafts';
  try {
    await client.mailboxCreate(name);
  } catch (err) {
    throw new HomingError('server_refused', `The server has no ${name} folder and did not let Homing create one.`, {
      reply: String((err as { responseText?: unknown }).responseText ?? '').slice(0, 200),
    });
  }
  return name;
};

/**
 * Whether `path` is the account's Drafts folder, by SPECIAL-USE or a well-known name. Asked before
 * a reopened message's server copy is treated as a draft that the next save replaces (deletes).
 */
export const isImapDraftsFolder = async (account: Account, deps: ImapMailboxDeps, path: string): Promise<boolean> =>
  withImap(account, deps, async (client) => {
    const entry = (await client.list()).find((e) => e.path === path);
    if (!entry) return false;
    return roleOf(entry) === 'drafts' || fallbackNames.drafts.some((n) => n.toLowerCase() === path.toLowerCase());
  });

const uidsWithMessageId = async (client: ImapFlow, path: string, messageId: string): Promise<number[]> => {
  const lock = await client.getMailboxLock(path, { acquireTimeout: 60_000 });
  try {
    const found = await client.search({ header: { 'message-id': messageId } }, { uid: true });
    return Array.isArray(found) ? found : [];
  } finally {
    lock.release();
  }
};

const deleteUids = async (client: ImapFlow, path: string, uidValidity: string | null, uids: number[]): Promise<void> => {
  if (uids.length === 0) return;
  const lock = await client.getMailboxLock(path, { acquireTimeout: 60_000 });
  try {
    if (uidValidity !== null && client.mailbox && String(client.mailbox.uidValidity) !== uidValidity) return;
    // imapflow uses UID EXPUNGE (RFC 4315) when the server has UIDPLUS, so only these go.
    await client.messageDelete(uids.join(','), { uid: true });
  } finally {
    lock.release();
  }
};

/**
 * Saves a draft in the Drafts folder, replacing the previous save. APPENDUID (UIDPLUS, RFC 4315
 * §3) names the new copy, so exactly the previous one is deleted; without UIDPLUS, every other
 * message in Drafts with this draft's Message-ID goes (our drafts keep one Message-ID).
 */
export const saveImapDraft = async (
  account: Account,
  deps: ImapMailboxDeps,
  bytes: Buffer,
  messageId: string,
  previous: DraftRemoteRef | null,
): Promise<DraftRemoteRef> =>
  withImap(account, deps, async (client) => {
    const path = previous?.kind === 'imap' ? previous.path : await findSpecialFolder(client, 'drafts');
    const appended = await client.append(path, bytes, ['\\Draft', '\\Seen']);
    if (!appended) throw new HomingError('server_refused', 'The server did not accept the draft in the Drafts folder.');
    const uid = appended.uid ?? null;
    const uidValidity = appended.uidValidity !== undefined ? String(appended.uidValidity) : null;
    if (uid !== null && uidValidity !== null) {
      if (previous?.kind === 'imap' && previous.uid !== null && previous.path === path && previous.uid !== uid) {
        await deleteUids(client, path, previous.uidValidity, [previous.uid]);
      }
      return { kind: 'imap', path, uidValidity, uid };
    }
    const same = await uidsWithMessageId(client, path, messageId);
    const newest = Math.max(...same);
    await deleteUids(
      client,
      path,
      null,
      same.filter((u) => u !== newest),
    );
    return { kind: 'imap', path, uidValidity: uidValidity ?? '', uid: Number.isFinite(newest) ? newest : null };
  });

/** Removes a draft's server copy (after sending, or when the user discards it). */
export const deleteImapDraft = async (account: Account, deps: ImapMailboxDeps, ref: DraftRemoteRef, messageId: string): Promise<void> => {
  if (ref.kind !== 'imap') return;
  await withImap(account, deps, async (client) => {
    if (ref.uid !== null) await deleteUids(client, ref.path, ref.uidValidity || null, [ref.uid]);
    // Copies a crash left between APPEND and recording its UID carry the same Message-ID.
    const leftovers = await uidsWithMessageId(client, ref.path, messageId);
    await deleteUids(client, ref.path, null, leftovers);
  });
};

/**
 * The Sent copy, exactly once: a copy already there with this Message-ID (an earlier run that
 * stopped before recording its success) counts as done.
 */
export const saveImapSent = async (account: Account, deps: ImapMailboxDeps, bytes: Buffer, messageId: string): Promise<string> =>
  withImap(account, deps, async (client) => {
    const path = await findSpecialFolder(client, 'sent');
    if ((await uidsWithMessageId(client, path, messageId)).length > 0) return path;
    const appended = await client.append(path, bytes, ['\\Seen']);
    if (!appended) throw new HomingError('server_refused', 'The server did not accept the copy in the Sent folder.');
    return path;
  });

/**
 * Marks the original \Answered (RFC 9051 §2.3.2) or $Forwarded (the keyword RFC 5788 registers
 * and Thunderbird, Apple Mail and Dovecot use), on the server, where every client sees it.
 */
export const flagImapOriginal = async (
  account: Account,
  deps: ImapMailboxDeps,
  origin: { kind: 'reply' | 'forward'; messageId: string },
): Promise<void> => {
  const ref = parseMessageId(account.id, origin.messageId);
  if (!ref) return;
  await withImap(account, deps, async (client) => {
    const lock = await client.getMailboxLock(ref.folderPath, { acquireTimeout: 60_000 });
    try {
      // A different UIDVALIDITY means the UID names another message now; flag nothing.
      if (!client.mailbox || String(client.mailbox.uidValidity) !== ref.uidValidity) return;
      await client.messageFlagsAdd(String(ref.uid), [origin.kind === 'reply' ? '\\Answered' : '$Forwarded'], { uid: true });
    } finally {
      lock.release();
    }
  });
};
