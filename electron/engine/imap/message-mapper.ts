import type { FetchMessageObject, FetchQueryObject, MessageAddressObject, MessageStructureObject } from 'imapflow';

import type { MailAddress, MessageHeader } from '../../contract';
import { referencesOf, summarizeHeader } from '../mime/summarize';
import { folderIdOf, messageIdOf, remoteKeyOf } from './ids';

/** The header fields every sync fetches: enough to list, sort and badge a message, no body. */
export const headerQuery = {
  uid: true,
  flags: true,
  envelope: true,
  size: true,
  internalDate: true,
  bodyStructure: true,
  // ENVELOPE has In-Reply-To but not References, which threading needs (BODY.PEEK, so not \Seen).
  headers: ['references'],
} satisfies FetchQueryObject;

/**
 * What the offline mirror fetches with a message's body: only the list fields its own header block
 * does not hold (flags, size, arrival, MIME structure). ENVELOPE and the References header would
 * repeat what the source's header says, and cost more than reading it: 10,000 messages with their
 * bodies from Dovecot, bare imapflow, warm, CPU of the whole machine: with them 2.8–2.9 s, without
 * 2.1–2.2 s; reading those headers here (summarizeHeader) ~0.15 s. The whole mirror (bench/imap-mirror.ts,
 * alternated): 5.25 → 4.62 s, the engine 4.3 → 3.7 s of CPU. A message lists the same either way
 * (the mirror-fields integration test compares both ways against Dovecot, groups and broken dates
 * included), but for raw Latin-1 in a header, which the source reads right and ENVELOPE, through
 * imapflow, as U+FFFD.
 */
export const sourceQuery = {
  uid: true,
  flags: true,
  size: true,
  internalDate: true,
  bodyStructure: true,
  source: true,
} satisfies FetchQueryObject;

/** The three flags the contract mirrors; other keywords stay on the server untouched. */
export interface FlagState {
  seen: boolean;
  flagged: boolean;
  answered: boolean;
}

export const flagStateOf = (flags: ReadonlySet<string> | undefined): FlagState => ({
  seen: flags?.has('\\Seen') ?? false,
  flagged: flags?.has('\\Flagged') ?? false,
  answered: flags?.has('\\Answered') ?? false,
});

/** The mirrored flags of a stored header. */
export const flagStateOfHeader = (h: FlagState): FlagState => ({ seen: h.seen, flagged: h.flagged, answered: h.answered });

/** Packs a FlagState into 3 bits, so the in-memory index of 100k messages stays small. */
export const packFlags = (f: FlagState): number => (f.seen ? 1 : 0) | (f.flagged ? 2 : 0) | (f.answered ? 4 : 0);
export const unpackFlags = (bits: number): FlagState => ({ seen: (bits & 1) !== 0, flagged: (bits & 2) !== 0, answered: (bits & 4) !== 0 });

const isAddress = (a: MailAddress): boolean => a.name !== '' || a.address !== '';

const addresses = (list: MessageAddressObject[] | undefined): MailAddress[] =>
  (list ?? []).map((a) => ({ name: a.name ?? '', address: a.address ?? '' }));

const timeOf = (value: Date | string | undefined): number | null => {
  if (value === undefined) return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
};

/** Signatures are part of how a message is sent, not something the sender attached. */
const signatureTypes = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature', 'application/pgp-signature']);

/**
 * Whether the user would see an attachment, judged from BODYSTRUCTURE alone (no body download):
 * parts marked `attachment`, forwarded messages, and named non-text parts outside
 * multipart/related (whose named parts are the inline images of an HTML body).
 */
export const hasAttachments = (node: MessageStructureObject | undefined, parentType = ''): boolean => {
  if (!node) return false;
  const type = (node.type ?? '').toLowerCase();
  if (type.startsWith('multipart/')) return (node.childNodes ?? []).some((child) => hasAttachments(child, type));
  if (signatureTypes.has(type)) return false;
  const disposition = (node.disposition ?? '').toLowerCase();
  if (disposition === 'attachment') return true;
  if (type === 'message/rfc822') return true;
  const named = Boolean(node.dispositionParameters?.filename || node.parameters?.name);
  if (named && !type.startsWith('text/') && parentType !== 'multipart/related') return true;
  return false;
};

export interface HeaderContext {
  accountId: string;
  folderPath: string;
  uidValidity: string;
  /** Fallback date when neither the Date header nor INTERNALDATE parse. */
  now: number;
}

type EnvelopeFields = Pick<MessageHeader, 'messageId' | 'inReplyTo' | 'references' | 'subject' | 'from' | 'to' | 'cc'> & {
  date: number | null;
};

const headerOf = (msg: FetchMessageObject, ctx: HeaderContext, fields: EnvelopeFields): MessageHeader => ({
  id: messageIdOf(ctx.accountId, ctx.folderPath, ctx.uidValidity, msg.uid),
  accountId: ctx.accountId,
  folderId: folderIdOf(ctx.accountId, ctx.folderPath),
  remoteKey: remoteKeyOf(ctx.folderPath, ctx.uidValidity, msg.uid),
  messageId: fields.messageId,
  inReplyTo: fields.inReplyTo,
  references: fields.references,
  subject: fields.subject,
  from: fields.from.filter(isAddress),
  to: fields.to.filter(isAddress),
  cc: fields.cc.filter(isAddress),
  date: fields.date ?? timeOf(msg.internalDate) ?? ctx.now,
  size: Number.isSafeInteger(msg.size) && (msg.size ?? 0) >= 0 ? (msg.size as number) : 0,
  ...flagStateOf(msg.flags),
  hasAttachments: hasAttachments(msg.bodyStructure),
  snippet: '',
  location: 'server',
  serverCopyUntil: null,
  hasSource: false,
});

/** One FETCH result (`headerQuery`) → the stored header of a message whose body is not here yet. */
export const toMessageHeader = (msg: FetchMessageObject, ctx: HeaderContext): MessageHeader => {
  const env = msg.envelope ?? {};
  return headerOf(msg, ctx, {
    messageId: env.messageId || null,
    inReplyTo: env.inReplyTo || null,
    references: referencesOf(msg.headers?.toString('latin1')),
    subject: env.subject ?? '',
    from: addresses(env.from),
    to: addresses(env.to),
    cc: addresses(env.cc),
    date: timeOf(env.date),
  });
};

/**
 * One FETCH result with its body (`sourceQuery`) → the stored header of a message kept here, the
 * envelope fields read from the source's own header block.
 */
export const toMessageHeaderWithSource = (msg: FetchMessageObject, source: Buffer, ctx: HeaderContext): MessageHeader => ({
  ...headerOf(msg, ctx, summarizeHeader(source)),
  location: 'server+local',
  hasSource: true,
});
