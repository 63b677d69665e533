import type { ParsedMessage } from '../../electron/contract/commands';
import type { MailAddress, MessageHeader } from '../../electron/contract/mail';
import { termsForMessage } from './search/tokenize';

/**
 * One entry of the search index: the message contains `term`. The message's date rides along so
 * the multiEntry index `*terms` sorts each term's messages by date: its keys are [term, date], its
 * primary keys message ids, so "newest messages containing w" is a reverse walk of one key range.
 */
export type SearchTerm = [term: string, date: number];

/**
 * A message header as stored: the contract's `MessageHeader` plus fields derived from it by the
 * writer, only so IndexedDB can index them. Every derived field is recomputed on every write, so
 * nothing else ever sets them.
 */
export interface StoredMessage extends MessageHeader {
  /**
   * 1 when `seen` is false, so running unread counts (./folder-counts.ts) add it up. (Booleans are
   * not valid IndexedDB keys: a row whose index key is a boolean is silently left out of an index.)
   */
  unread: 0 | 1;
  /**
   * The account id when `location` is 'local' (the only copy is here), absent otherwise: the key of
   * a sparse index (a row without it has no entry), so "only here" is found without every other
   * message paying an index entry for it.
   */
  localOnly?: string;
  /**
   * Column sort keys, present only while the row's folder has that sort turned on (./sort-keys.ts):
   * the lower-cased sender name (or address), the lower-cased subject without reply/forward
   * prefixes, the size.
   */
  fromSort?: string;
  subjectSort?: string;
  sizeSort?: number;
  /** Byte length of the stored source, 0 when none; lets storage stats sum sizes without loading bytes. */
  sourceBytes: number;
  /**
   * Where the stored source is when it is in a segment file (./source-files.ts): the file, and the
   * offset of its `sourceBytes` bytes. Absent when the source is inline (a `sources` row) or not
   * stored. On the row itself, so storing a downloaded message is one record, not two.
   */
  sourceSegment?: number;
  sourceAt?: number;
}

/**
 * A message's search entries, in a table of their own (`searchTerms`, multiEntry index `*terms`).
 * Not on the message row: a message's words never change, but its row is rewritten for every flag,
 * move and downloaded body, and IndexedDB rewrites every index entry of a rewritten row. Measured
 * in Chromium, 2,000 rows of 44 entries: rewriting them with the index took ~2.0 s, without it
 * ~0.2 s. `accountId` and `date` ride along so a search filters and orders without loading rows.
 */
export interface SearchRow {
  id: string;
  accountId: string;
  date: number;
  terms: SearchTerm[];
}

/** Raw RFC 5322 bytes (or where they are), in their own table so listing messages never loads them. */
export type { SourceRow } from './source-files';

/** The parsed-body cache. Derived data: dropped whenever the source is rewritten. */
export interface BodyRow {
  id: string;
  text: string | null;
  html: string | null;
  attachments: ParsedMessage['attachments'];
  problem: string | null;
}

const REPLY_PREFIX = /^\s*((re|fwd?|aw|sv|wg|antw)(\[\d+\])?\s*:\s*)+/i;

const firstSender = (from: MailAddress[]): string => {
  const sender = from[0];
  if (!sender) return '';
  return (sender.name.trim() || sender.address.trim()).replace(/^["'\s]+|["'\s]+$/g, '');
};

/** The sort key for the "subject" column: "Re: Fwd: Lunch" sorts with "Lunch". */
export const subjectSortKey = (subject: string): string => subject.replace(REPLY_PREFIX, '').trim().toLowerCase();

export const fromSortKey = (from: MailAddress[]): string => firstSender(from).toLowerCase();

type Searchable = Pick<MessageHeader, 'id' | 'accountId' | 'subject' | 'from' | 'to' | 'cc' | 'snippet' | 'date'>;

export const searchTermsOf = (message: Omit<Searchable, 'id' | 'accountId'>): SearchTerm[] =>
  termsForMessage(message).map((term): SearchTerm => [term, message.date]);

export const searchRowOf = (message: Searchable): SearchRow => ({
  id: message.id,
  accountId: message.accountId,
  date: message.date,
  terms: searchTermsOf(message),
});

/** Whether a new header for a stored message changes what it is found by (so its search row). */
export const searchTextChanged = (before: Searchable, after: Searchable): boolean =>
  before.date !== after.date ||
  before.subject !== after.subject ||
  before.snippet !== after.snippet ||
  JSON.stringify([before.from, before.to, before.cc]) !== JSON.stringify([after.from, after.to, after.cc]);

/**
 * `storedSourceBytes` is the length of the source row stored for this message, or null when there
 * is none. `hasSource` is a fact about this store, so the store sets it, whatever the engine sent.
 */
export const toStoredMessage = (header: MessageHeader, storedSourceBytes: number | null): StoredMessage =>
  withDerivedFields({
    ...header,
    hasSource: storedSourceBytes !== null,
    unread: 0,
    sourceBytes: storedSourceBytes ?? 0,
  });

/** Recomputes the derived fields a patch can change (no patchable field feeds the search terms). */
export const withDerivedFields = (row: StoredMessage): StoredMessage => {
  const { localOnly: _old, ...rest } = row;
  const only = localOnlyOf(row);
  return { ...rest, unread: row.seen ? 0 : 1, ...(only !== undefined ? { localOnly: only } : {}) };
};

/** The `localOnly` key of a row: its account when its only copy is here, else none (see StoredMessage). */
export const localOnlyOf = (row: Pick<StoredMessage, 'location' | 'accountId'>): string | undefined =>
  row.location === 'local' ? row.accountId : undefined;
