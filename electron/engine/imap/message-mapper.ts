import type { FetchMessageObject, FetchQueryObject, MessageAddressObject, MessageStructureObject } from 'imapflow';

import type { MailAddress, MessageHeader } from '../../contract';
import { referencesOf } from '../mime/summarize';
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

const addresses = (list: MessageAddressObject[] | undefined): MailAddress[] =>
  (list ?? []).map((a) => ({ name: a.name ?? '', address: a.address ?? '' })).filter((a) => a.name !== '' || a.address !== '');

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

/** One FETCH result → the stored header of a message whose body is not here yet. */
export const toMessageHeader = (msg: FetchMessageObject, ctx: HeaderContext): MessageHeader => {
  const env = msg.envelope ?? {};
  const flags = flagStateOf(msg.flags);
  return {
    id: messageIdOf(ctx.accountId, ctx.folderPath, ctx.uidValidity, msg.uid),
    accountId: ctx.accountId,
    folderId: folderIdOf(ctx.accountId, ctx.folderPath),
    remoteKey: remoteKeyOf(ctx.folderPath, ctx.uidValidity, msg.uid),
    messageId: env.messageId || null,
    inReplyTo: env.inReplyTo || null,
    references: referencesOf(msg.headers?.toString('latin1')),
    subject: env.subject ?? '',
    from: addresses(env.from),
    to: addresses(env.to),
    cc: addresses(env.cc),
    date: timeOf(env.date) ?? timeOf(msg.internalDate) ?? ctx.now,
    size: Number.isSafeInteger(msg.size) && (msg.size ?? 0) >= 0 ? (msg.size as number) : 0,
    ...flags,
    hasAttachments: hasAttachments(msg.bodyStructure),
    snippet: '',
    location: 'server',
    serverCopyUntil: null,
    hasSource: false,
  };
};
