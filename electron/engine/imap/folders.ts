import type { ImapFlow, ListResponse } from 'imapflow';

import { type Folder, type FolderRole, HomingError } from '../../contract';
import { folderIdOf } from './ids';

const roleBySpecialUse: Record<string, FolderRole> = {
  '\\Inbox': 'inbox',
  '\\Sent': 'sent',
  '\\Drafts': 'drafts',
  '\\Trash': 'trash',
  '\\Junk': 'junk',
  '\\Archive': 'archive',
  '\\All': 'all',
};

/**
 * A folder's role from SPECIAL-USE (RFC 6154). imapflow also guesses roles from well-known names
 * when the server has no SPECIAL-USE; those guesses are taken too, since the user sees the same
 * "Trash" either way. INBOX is special by name in every server (RFC 9051 §5.1).
 */
export const roleOf = (entry: Pick<ListResponse, 'path' | 'specialUse'>): FolderRole => {
  if (entry.path.toUpperCase() === 'INBOX') return 'inbox';
  return (entry.specialUse && roleBySpecialUse[entry.specialUse]) || 'custom';
};

/** \Noselect / \NonExistent folders exist only to hold children: shown, never synced. */
export const isSelectable = (entry: Pick<ListResponse, 'flags'>): boolean =>
  !entry.flags.has('\\Noselect') && !entry.flags.has('\\NonExistent');

export const toFolder = (accountId: string, entry: ListResponse): Folder => ({
  id: folderIdOf(accountId, entry.path),
  accountId,
  path: entry.path,
  name: entry.path.toUpperCase() === 'INBOX' ? 'Inbox' : entry.name,
  parentPath: entry.parentPath ? entry.parentPath : null,
  role: roleOf(entry),
  local: false,
  subscribed: entry.subscribed,
});

const syncOrder: Record<FolderRole, number> = { inbox: 0, sent: 1, drafts: 2, archive: 3, custom: 4, trash: 5, junk: 6, all: 7 };

/**
 * INBOX first (what the user looks at), then the folders they write to, then the rest; "All Mail"
 * style folders last because they repeat every other folder's messages.
 */
export const syncOrderOf = (folders: readonly Folder[]): Folder[] =>
  [...folders].sort((a, b) => syncOrder[a.role] - syncOrder[b.role] || a.path.localeCompare(b.path));

export interface FolderListing {
  folders: Folder[];
  /** Paths that can be SELECTed. */
  selectable: Set<string>;
  delimiter: string;
}

export const listFolders = async (client: ImapFlow, accountId: string): Promise<FolderListing> => {
  const entries = await client.list();
  const selectable = new Set<string>();
  let delimiter = '/';
  for (const e of entries) {
    if (isSelectable(e)) selectable.add(e.path);
    if (e.delimiter) delimiter = e.delimiter;
  }
  return { folders: entries.map((e) => toFolder(accountId, e)), selectable, delimiter };
};

const refused = (what: string, err: unknown): HomingError => {
  const text =
    err && typeof err === 'object' && 'responseText' in err ? String((err as { responseText?: unknown }).responseText ?? '') : '';
  // Server text is shown only as a hint after our own words; it never carries secrets.
  return new HomingError('server_refused', `The server refused to ${what}.${text ? ` It said: ${text.slice(0, 200)}` : ''}`);
};

export const createFolder = async (client: ImapFlow, path: string): Promise<void> => {
  try {
    await client.mailboxCreate(path);
  } catch (err) {
    throw refused(`create the folder "${path}"`, err);
  }
};

export const renameFolder = async (client: ImapFlow, from: string, to: string): Promise<void> => {
  if (from.toUpperCase() === 'INBOX') throw new HomingError('invalid_input', 'The Inbox cannot be renamed.');
  try {
    await client.mailboxRename(from, to);
  } catch (err) {
    throw refused(`rename the folder "${from}"`, err);
  }
};

export const deleteFolder = async (client: ImapFlow, path: string): Promise<void> => {
  if (path.toUpperCase() === 'INBOX') throw new HomingError('invalid_input', 'The Inbox cannot be deleted.');
  try {
    await client.mailboxDelete(path);
  } catch (err) {
    throw refused(`delete the folder "${path}"`, err);
  }
};
