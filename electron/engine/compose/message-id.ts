import { randomBytes } from 'node:crypto';

/**
 * A Message-ID we generate once per message (RFC 5322 §3.6.4) and record before the first send
 * attempt, so the outbox, the Sent copy and the recipients all see the same id. The right side is
 * the sender's domain: it names no machine and leaks no local host name.
 */
export const newMessageId = (fromAddress: string, random: () => Buffer = () => randomBytes(16)): string => {
  const at = fromAddress.lastIndexOf('@');
  const domain = at > 0 ? fromAddress.slice(at + 1).replace(/[^A-Za-z0-9.-]/g, '') : '';
  return `<${random().toString('hex')}@${domain || 'homing.invalid'}>`;
};

/** Short random ids for drafts, outbox entries and attachments (file-name safe). */
export const newId = (bytes = 12): string => randomBytes(bytes).toString('base64url');
