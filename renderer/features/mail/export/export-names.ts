import { safeFilename } from '../mime/attachments';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
// A subject or folder name is one name, not a path: its slashes are not directory separators.
const flat = (text: string) => text.replace(/[\\/]/g, '_');

/** "2025-03-01 Lunch on Thursday.eml" */
export const emlFilename = (subject: string, date: number): string =>
  safeFilename(`${day(date)} ${flat(subject.trim().slice(0, 120)) || 'message'}.eml`, 'message.eml');

/** "Dana - Inbox 2025-03-01.mbox" */
export const mboxFilename = (accountName: string, folderName: string, now = Date.now()): string =>
  safeFilename(`${flat(accountName)} - ${flat(folderName)} ${day(now)}.mbox`, 'mailbox.mbox');
