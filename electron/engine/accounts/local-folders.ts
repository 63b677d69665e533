import type { Account, Folder, FolderRole } from '../../contract';

const standard: { path: string; name: string; role: FolderRole }[] = [
  { path: 'INBOX', name: 'Inbox', role: 'inbox' },
  { path: 'Drafts', name: 'Drafts', role: 'drafts' },
  { path: 'Sent', name: 'Sent', role: 'sent' },
  { path: 'Archive', name: 'Archive', role: 'archive' },
  { path: 'Trash', name: 'Trash', role: 'trash' },
];

/** A POP3 account's folders exist only on this computer; the server has just one mailbox. */
export const localFoldersFor = (account: Account): Folder[] =>
  standard.map((f) => ({
    id: `${account.id}/${f.path}`,
    accountId: account.id,
    path: f.path,
    name: f.name,
    parentPath: null,
    role: f.role,
    local: true,
    subscribed: true,
  }));

/** A folder the user made in a POP3 account; it too exists only on this computer. */
export const customFolder = (accountId: string, path: string): Folder => ({
  id: `${accountId}/${path}`,
  accountId,
  path,
  name: path,
  parentPath: null,
  role: 'custom',
  local: true,
  subscribed: true,
});
