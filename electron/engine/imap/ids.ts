/**
 * Identity of IMAP folders and messages in the local store (contract/mail.ts):
 * folder `${accountId}/${path}`, message `${accountId}/${path}/${uidValidity}/${uid}`.
 * A message's id changes when UIDVALIDITY changes, which is exactly when RFC 9051 §2.3.1.1 says a
 * cached UID stops naming the same message.
 */

export interface MessageRef {
  folderPath: string;
  uidValidity: string;
  uid: number;
}

export const folderIdOf = (accountId: string, path: string): string => `${accountId}/${path}`;

export const remoteKeyOf = (path: string, uidValidity: string, uid: number): string => `${path}/${uidValidity}/${uid}`;

export const messageIdOf = (accountId: string, path: string, uidValidity: string, uid: number): string =>
  `${accountId}/${remoteKeyOf(path, uidValidity, uid)}`;

/** The folder path of one of this account's folder ids, or null when it belongs to another account. */
export const folderPathOf = (accountId: string, folderId: string): string | null => {
  const prefix = `${accountId}/`;
  if (!folderId.startsWith(prefix) || folderId.length === prefix.length) return null;
  return folderId.slice(prefix.length);
};

/**
 * Splits a message id from the right: folder paths may themselves contain `/` (a common
 * hierarchy delimiter), UIDVALIDITY and UID never do.
 */
export const parseMessageId = (accountId: string, messageId: string): MessageRef | null => {
  const rest = folderPathOf(accountId, messageId);
  if (rest === null) return null;
  const uidAt = rest.lastIndexOf('/');
  const validityAt = uidAt > 0 ? rest.lastIndexOf('/', uidAt - 1) : -1;
  if (validityAt <= 0) return null;
  const folderPath = rest.slice(0, validityAt);
  const uidValidity = rest.slice(validityAt + 1, uidAt);
  const uidText = rest.slice(uidAt + 1);
  if (!/^\d{1,20}$/.test(uidValidity) || !/^[1-9]\d{0,9}$/.test(uidText)) return null;
  const uid = Number(uidText);
  if (uid > 0xffffffff) return null;
  return { folderPath, uidValidity, uid };
};

/** Groups message ids by folder and UIDVALIDITY, the unit every IMAP command works on. */
export const groupByFolder = (
  accountId: string,
  messageIds: readonly string[],
): { groups: Map<string, MessageRef[]>; invalid: string[] } => {
  const groups = new Map<string, MessageRef[]>();
  const invalid: string[] = [];
  for (const id of messageIds) {
    const ref = parseMessageId(accountId, id);
    if (!ref) {
      invalid.push(id);
      continue;
    }
    const key = `${ref.folderPath}\u0000${ref.uidValidity}`;
    const list = groups.get(key);
    if (list) list.push(ref);
    else groups.set(key, [ref]);
  }
  return { groups, invalid };
};

/** The UID at the end of an IMAP remoteKey `${path}/${uidValidity}/${uid}`. */
export const uidOfRemoteKey = (remoteKey: string): number => Number(remoteKey.slice(remoteKey.lastIndexOf('/') + 1));
