import MailComposer from 'nodemailer/lib/mail-composer';

import type { MailAddress } from '../../contract';
import type { Draft } from '../../contract/compose';
import { htmlDocument } from './formatting';
import { stripBcc } from './strip-bcc';

/** The sender as it goes into From (and the SMTP envelope's MAIL FROM). */
export interface Sender {
  name: string;
  email: string;
  /** Reply-To (RFC 5322 §3.6.2), when the identity asks for answers elsewhere. */
  replyTo?: string;
}

export interface AttachmentContent {
  filename: string;
  contentType: string;
  kind: 'file' | 'message';
  content: Buffer;
}

export interface BuildInput {
  draft: Pick<Draft, 'to' | 'cc' | 'bcc' | 'subject' | 'text' | 'format' | 'inReplyTo' | 'references'>;
  from: Sender;
  attachments: AttachmentContent[];
  /** Fixed by us and recorded before sending (message-id.ts). */
  messageId: string;
  date: Date;
  /** Fixed per message so a rebuild gives the same bytes (and tests can compare them). */
  boundary: string;
}

export interface BuiltMessage {
  /** The whole message including Bcc: what goes to Sent and Drafts. */
  copy: Buffer;
  /** What goes over SMTP: `copy` without the Bcc header. */
  wire: Buffer;
  /** SMTP envelope (RFC 5321): every To, Cc and Bcc address once. */
  envelope: { from: string; to: string[] };
}

const toMailbox = (a: MailAddress) => ({ name: a.name, address: a.address });

/** Every recipient address once (case-insensitively), in the order the user wrote them. */
export const envelopeRecipients = (draft: Pick<Draft, 'to' | 'cc' | 'bcc'>): string[] => {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const a of [...draft.to, ...draft.cc, ...draft.bcc]) {
    const address = a.address.trim();
    if (!address || seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    out.push(address);
  }
  return out;
};

/**
 * Builds the RFC 5322 message with nodemailer's MailComposer: UTF-8 names and subject as encoded
 * words (RFC 2047), text (and generated HTML) as alternatives, attachments, In-Reply-To and
 * References. File and URL access are off: content is only ever the bytes we pass, so no field of
 * a draft can make the builder read a local file or fetch a URL.
 */
export const buildMessage = async (input: BuildInput): Promise<BuiltMessage> => {
  const { draft } = input;
  const text = draft.text.replace(/\r\n?/g, '\n');
  const composer = new MailComposer({
    from: { name: input.from.name, address: input.from.email },
    ...(input.from.replyTo ? { replyTo: input.from.replyTo } : {}),
    to: draft.to.map(toMailbox),
    ...(draft.cc.length ? { cc: draft.cc.map(toMailbox) } : {}),
    ...(draft.bcc.length ? { bcc: draft.bcc.map(toMailbox) } : {}),
    subject: draft.subject,
    messageId: input.messageId,
    date: input.date,
    ...(draft.inReplyTo ? { inReplyTo: draft.inReplyTo } : {}),
    ...(draft.references.length ? { references: draft.references.join(' ') } : {}),
    text,
    ...(draft.format === 'formatted' ? { html: htmlDocument(text) } : {}),
    attachments: input.attachments.map((a) =>
      a.kind === 'message'
        ? { filename: a.filename, contentType: 'message/rfc822', contentDisposition: 'attachment', content: a.content }
        : { filename: a.filename, contentType: a.contentType, content: a.content },
    ),
    textEncoding: 'quoted-printable',
    baseBoundary: input.boundary,
    boundaryPrefix: '--_homing',
    disableFileAccess: true,
    disableUrlAccess: true,
    xMailer: false,
  });
  const node = composer.compile();
  // Bcc stays in the copy we keep (Sent, Drafts) so the user sees whom they wrote to.
  node.keepBcc = true;
  const copy = await node.build();
  return {
    copy,
    wire: stripBcc(copy),
    envelope: { from: input.from.email, to: envelopeRecipients(draft) },
  };
};
