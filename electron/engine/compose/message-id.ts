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

/**
 * The Message-ID a draft keeps when the user switches From to another identity: the same one while
 * the domain stays, a new one on the new identity's domain otherwise. Else a message sent as
 * support@other.example would carry the account's own domain, tying the two addresses together
 * for every recipient. Only a switch changes it: a reopened draft keeps the id its client gave it
 * (Gmail's end in @mail.gmail.com), and the outbox records the id only when the message enters it.
 */
export const messageIdAfterSwitch = (current: string, newFromAddress: string): string => {
  const domain = newFromAddress.slice(newFromAddress.lastIndexOf('@') + 1).toLowerCase();
  return current.slice(current.lastIndexOf('@') + 1, -1).toLowerCase() === domain ? current : newMessageId(newFromAddress);
};

/** Short random ids for drafts, outbox entries and attachments (file-name safe). */
export const newId = (bytes = 12): string => randomBytes(bytes).toString('base64url');
