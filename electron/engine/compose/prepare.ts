import { type AddressObject, simpleParser } from 'mailparser';

import type { MailAddress } from '../../contract';
import type { ComposeMode, Draft } from '../../contract/compose';
import {
  bracketed,
  forwardBody,
  forwardSubject,
  type OriginalMessage,
  parseMessageIds,
  replyBody,
  replyRecipients,
  replyReferences,
  replySubject,
  withSignature,
} from './quote';

const addresses = (value: AddressObject | AddressObject[] | undefined): MailAddress[] => {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const out: MailAddress[] = [];
  const walk = (items: { name?: string; address?: string; group?: unknown[] }[]) => {
    for (const a of items) {
      if (a.address) out.push({ name: a.name ?? '', address: a.address });
      if (Array.isArray(a.group)) walk(a.group as { name?: string; address?: string }[]);
    }
  };
  for (const v of list) walk(v.value);
  return out;
};

export interface ParsedOriginal {
  message: OriginalMessage;
  /** Bcc is only ever in the sender's own copies (Drafts, Sent): kept when a draft is reopened. */
  bcc: MailAddress[];
  /** Delivered-To and X-Original-To (identity.ts: which of the user's addresses it reached). */
  deliveredTo: string[];
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

const traceHeaders = new Set(['delivered-to', 'x-original-to']);

/** Addresses in the trace headers, read from the raw lines: mailparser keeps only one of several. */
const deliveredTo = (lines: readonly { key: string; line: string }[]): string[] =>
  lines
    .filter((l) => traceHeaders.has(l.key.toLowerCase()))
    .flatMap((l) => l.line.slice(l.line.indexOf(':') + 1).match(/[^\s<>,;:"]+@[^\s<>,;:"]+/g) ?? []);

/** Reads what a reply or forward needs from the stored bytes (mailparser, bounded by its own limits). */
export const parseOriginal = async (bytes: Uint8Array): Promise<ParsedOriginal> => {
  const parsed = await simpleParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    skipImageLinks: true,
    skipTextLinks: true,
  });
  const refs = parsed.references;
  return {
    message: {
      messageId: parsed.messageId ? bracketed(parsed.messageId) : null,
      inReplyTo: parsed.inReplyTo ?? null,
      references: parseMessageIds((Array.isArray(refs) ? refs : refs ? refs.split(/\s+/) : []).filter(Boolean).map(bracketed)),
      subject: parsed.subject ?? '',
      from: addresses(parsed.from),
      replyTo: addresses(parsed.replyTo),
      to: addresses(parsed.to),
      cc: addresses(parsed.cc),
      date: parsed.date ? parsed.date.getTime() : null,
      // mailparser derives text from the HTML part when there is no text part.
      text: parsed.text ?? '',
    },
    bcc: addresses(parsed.bcc),
    deliveredTo: deliveredTo(parsed.headerLines ?? []),
    attachments: parsed.attachments
      .filter((a) => a.contentDisposition !== 'inline' || !a.cid)
      .map((a, i) => ({
        filename: a.filename || `attachment-${i + 1}`,
        contentType: a.contentType || 'application/octet-stream',
        content: a.content,
      })),
  };
};

/** The draft fields for a reply, reply all or forward of `original`. */
export const draftFieldsFor = (
  mode: Exclude<ComposeMode, 'new'>,
  original: OriginalMessage,
  ownAddresses: readonly string[],
  signature: string,
  storedMessageId: string,
): Pick<Draft, 'to' | 'cc' | 'bcc' | 'subject' | 'text' | 'inReplyTo' | 'references' | 'origin'> => {
  if (mode === 'reply' || mode === 'replyAll') {
    const { to, cc } = replyRecipients(original, ownAddresses, mode === 'replyAll');
    return {
      to,
      cc,
      bcc: [],
      subject: replySubject(original.subject),
      text: replyBody(original, signature),
      inReplyTo: original.messageId,
      references: replyReferences(original),
      origin: { kind: 'reply', messageId: storedMessageId },
    };
  }
  return {
    to: [],
    cc: [],
    bcc: [],
    subject: forwardSubject(original.subject),
    text: mode === 'forward' ? forwardBody(original, signature) : `\n\n${withSignature('', signature)}`,
    // A forward starts a new thread; References would file it under the original's thread.
    inReplyTo: null,
    references: [],
    origin: { kind: 'forward', messageId: storedMessageId },
  };
};

/** A file name for a forwarded message: its subject, made safe for every file system. */
export const emlFileName = (subject: string): string => {
  const base = subject
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .trim()
    .slice(0, 80);
  return `${base || 'message'}.eml`;
};
