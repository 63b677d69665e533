import type { MessageHeader } from '../../../electron/contract/mail';

/**
 * The tokenizer shared by indexing and querying. Changing what it returns changes the index, so
 * any change here needs a schema version whose upgrade recomputes every message's `terms`
 * (see version 2 in ../db.ts).
 */

/** Longer terms are cut to this many characters, at indexing and at query time alike. */
export const MAX_TERM_LENGTH = 32;
/** One-character words are not indexed (too common to be useful); a one-character prefix still works. */
export const MIN_TERM_LENGTH = 2;
/** A bound on index entries per message, so one hostile message cannot bloat the index. */
export const MAX_TERMS_PER_MESSAGE = 256;

const WORD = /[\p{L}\p{N}]+/gu;
const COMBINING_MARK = /\p{M}+/gu;

/** Lower-case, accents folded ("Café" → "cafe"), split on everything but letters and digits. */
export const tokenize = (text: string): string[] => {
  const folded = text.normalize('NFKD').replace(COMBINING_MARK, '').toLowerCase();
  return (folded.match(WORD) ?? []).map((word) => word.slice(0, MAX_TERM_LENGTH));
};

type Indexable = Pick<MessageHeader, 'subject' | 'from' | 'to' | 'cc' | 'snippet'>;

/**
 * The distinct terms a message is found by: subject, names and addresses of sender and recipients
 * (an address splits into its parts: "ann.lee@example.org" → ann, lee, example, org), and snippet,
 * then, when given, the words of its body (./body-text.ts): header terms first, so a long body
 * never pushes them past MAX_TERMS_PER_MESSAGE.
 */
export const termsForMessage = (message: Indexable, body = ''): string[] => {
  const parts = [message.subject, message.snippet];
  for (const address of [...message.from, ...message.to, ...message.cc]) parts.push(address.name, address.address);
  if (body) parts.push(body);
  const terms = new Set<string>();
  for (const part of parts) {
    for (const token of tokenize(part)) {
      if (token.length < MIN_TERM_LENGTH) continue;
      terms.add(token);
      if (terms.size >= MAX_TERMS_PER_MESSAGE) return [...terms];
    }
  }
  return [...terms];
};

export interface ParsedQuery {
  /** Whole words every result must contain. */
  exact: string[];
  /** The word being typed: every result must contain a term starting with it. */
  prefix: string | null;
}

/** "ann proj" → exact ["ann"], prefix "proj". Every term must match (AND). */
export const parseQuery = (query: string): ParsedQuery => {
  const tokens = tokenize(query);
  const last = tokens.pop() ?? null;
  const exact = [...new Set(tokens.filter((t) => t.length >= MIN_TERM_LENGTH))];
  if (last === null) return { exact, prefix: null };
  // A prefix already present as a whole word adds nothing.
  return { exact, prefix: exact.includes(last) ? null : last };
};
