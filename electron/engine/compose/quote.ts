import type { MailAddress } from '../../contract';

/** What a reply or forward needs from the original message (parsed by mailparser). */
export interface OriginalMessage {
  messageId: string | null;
  inReplyTo: string | null;
  /** The References header's ids, oldest first. */
  references: string[];
  subject: string;
  from: MailAddress[];
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  date: number | null;
  text: string;
}

const msgIdPattern = /<[^<>\s]+>/g;

/** Message ids from a header value, with their angle brackets, in order, without duplicates. */
export const parseMessageIds = (value: string | string[] | null | undefined): string[] => {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  const out: string[] = [];
  for (const id of text.match(msgIdPattern) ?? []) if (!out.includes(id)) out.push(id);
  return out;
};

/** Adds angle brackets when a parser returned a bare id. */
export const bracketed = (id: string): string => {
  const t = id.trim();
  return t.startsWith('<') ? t : `<${t}>`;
};

const MAX_REFERENCES = 20;

/**
 * RFC 5322 §3.6.4: the reply's References are the parent's References (or, lacking them, its
 * In-Reply-To when that holds exactly one id) followed by the parent's Message-ID. Long chains
 * keep the first id (the thread root) and the newest ones, as RFC 5537 §3.4.4 advises, so the
 * header does not grow without bound.
 */
export const replyReferences = (parent: Pick<OriginalMessage, 'messageId' | 'inReplyTo' | 'references'>): string[] => {
  let chain = parent.references.map(bracketed);
  if (chain.length === 0 && parent.inReplyTo) {
    const ids = parseMessageIds(parent.inReplyTo);
    if (ids.length === 1) chain = ids;
  }
  const own = parent.messageId ? bracketed(parent.messageId) : null;
  if (own && !chain.includes(own)) chain = [...chain, own];
  if (chain.length > MAX_REFERENCES) chain = [chain[0]!, ...chain.slice(chain.length - (MAX_REFERENCES - 1))];
  return chain;
};

const prefixed = (subject: string, prefix: 'Re' | 'Fwd'): string => {
  const s = subject.trim();
  // One "Re:" however many the thread collected ("Re: Re: RE: AW:" is noise); "Fwd" likewise.
  const pattern = prefix === 'Re' ? /^((re|aw|sv|antw)(\[\d+\])?\s*:\s*)+/i : /^((fwd?|wg|tr)\s*:\s*)+/i;
  const rest = s.replace(pattern, '');
  return `${prefix}: ${rest}`.trimEnd();
};

export const replySubject = (subject: string): string => prefixed(subject, 'Re');
export const forwardSubject = (subject: string): string => prefixed(subject, 'Fwd');

const sameAddress = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

const uniqueAddresses = (list: MailAddress[], exclude: readonly string[]): MailAddress[] => {
  const out: MailAddress[] = [];
  for (const a of list) {
    if (!a.address) continue;
    if (exclude.some((x) => sameAddress(x, a.address))) continue;
    if (out.some((o) => sameAddress(o.address, a.address))) continue;
    out.push(a);
  }
  return out;
};

/**
 * Who a reply goes to (RFC 5322 §3.6.3): Reply-To when present, else From. Reply all adds the
 * original To and Cc in Cc, never the user's own address, and nobody twice. Replying to one's own
 * message goes to its original recipients, as every mail client does.
 */
export const replyRecipients = (
  original: Pick<OriginalMessage, 'from' | 'replyTo' | 'to' | 'cc'>,
  ownAddresses: readonly string[],
  all: boolean,
): { to: MailAddress[]; cc: MailAddress[] } => {
  const fromSelf = original.from.some((f) => ownAddresses.some((o) => sameAddress(o, f.address)));
  let to = fromSelf
    ? uniqueAddresses(original.to, ownAddresses)
    : uniqueAddresses(original.replyTo.length ? original.replyTo : original.from, []);
  if (to.length === 0) to = uniqueAddresses(original.from, []);
  if (!all) return { to, cc: [] };
  const taken = [...ownAddresses, ...to.map((t) => t.address)];
  const cc = uniqueAddresses([...(fromSelf ? [] : original.to), ...original.cc], taken);
  return { to, cc };
};

export const formatAddress = (a: MailAddress): string => (a.name ? `${a.name} <${a.address}>` : a.address);

/** An RFC 5322-like date the user can read; UTC so tests and quoting do not depend on the machine. */
export const formatQuoteDate = (ms: number): string => {
  const d = new Date(ms);
  const day = d.toUTCString().replace(' GMT', ' UTC');
  return day;
};

/**
 * Quotes text for a reply (RFC 3676 §4.5): every line gets "> "; lines that were quoted already
 * get ">" only, so levels stack as ">> ". The old signature (after "-- ") is dropped, as RFC 3676
 * §4.3 suggests, and trailing blank lines too.
 */
export const quoteText = (text: string): string => {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const sig = lines.indexOf('-- ');
  const body = sig === -1 ? lines : lines.slice(0, sig);
  while (body.length && body[body.length - 1]!.trim() === '') body.pop();
  return body.map((l) => (l.startsWith('>') ? `>${l}` : l === '' ? '>' : `> ${l}`)).join('\n');
};

/** "On <date>, <name> wrote:" above the quote. */
export const attribution = (original: Pick<OriginalMessage, 'from' | 'date'>): string => {
  const who = original.from[0] ? original.from[0].name || original.from[0].address : 'someone';
  return original.date === null ? `${who} wrote:` : `On ${formatQuoteDate(original.date)}, ${who} wrote:`;
};

export const replyBody = (original: OriginalMessage, signature: string): string => {
  const quoted = quoteText(original.text);
  return `\n\n${withSignature('', signature)}${attribution(original)}\n${quoted}\n`.replace(/^\n\n\n/, '\n\n');
};

/** The inline forward block, the way Thunderbird and most clients lay it out. */
export const forwardBody = (original: OriginalMessage, signature: string): string => {
  const lines = ['-------- Forwarded Message --------', `Subject: ${original.subject}`];
  if (original.date !== null) lines.push(`Date: ${formatQuoteDate(original.date)}`);
  if (original.from.length) lines.push(`From: ${original.from.map(formatAddress).join(', ')}`);
  if (original.to.length) lines.push(`To: ${original.to.map(formatAddress).join(', ')}`);
  if (original.cc.length) lines.push(`Cc: ${original.cc.map(formatAddress).join(', ')}`);
  return `\n\n${withSignature('', signature)}${lines.join('\n')}\n\n${original.text.replace(/\r\n?/g, '\n').trimEnd()}\n`;
};

/** Text + signature separated by "-- " (RFC 3676 §4.3); an empty signature adds nothing. */
export const withSignature = (text: string, signature: string): string => {
  const sig = signature.replace(/\r\n?/g, '\n').trim();
  if (!sig) return text;
  return `${text}-- \n${sig}\n\n`;
};
