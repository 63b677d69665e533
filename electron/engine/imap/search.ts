import type { ImapFlow, SearchObject } from 'imapflow';

import { HomingError } from '../../contract';
import { SERVER_SEARCH_LIMIT, type ServerSearchField, type ServerSearchResult } from '../../contract/search';
import type { ImapEnv } from './env';
import { fetchHeaderRows } from './fetch-rows';
import { messageIdOf } from './ids';
import { inFolder } from './mailbox';
import { toMessageHeader } from './message-mapper';

/** The IMAP SEARCH key for each field (RFC 9051 §6.4.4): TEXT covers headers and body. */
const searchKey = (field: ServerSearchField, query: string): SearchObject =>
  field === 'from' ? { from: query } : field === 'subject' ? { subject: query } : { text: query };

const checkedQuery = (text: string): string => {
  const query = text.trim();
  if (query.length > 1000) throw new HomingError('invalid_input', 'That search is too long.');
  return query;
};

/**
 * Server-side search in one folder (UID SEARCH, RFC 9051 §6.4.4), for messages whose bodies are
 * not here. Returns UIDs, highest (newest) first.
 */
export const searchServer = async (client: ImapFlow, path: string, text: string, field: ServerSearchField = 'text'): Promise<number[]> => {
  const query = checkedQuery(text);
  if (!query) return [];
  return inFolder(client, path, null, async () => searchSelected(client, query, field));
};

const searchSelected = async (client: ImapFlow, query: string, field: ServerSearchField): Promise<number[]> => {
  // A session searches only the messages it has been told about (EXISTS, RFC 9051 §7.4.1): a
  // folder selected since before another device added mail would miss the newest matches. NOOP
  // lets the server announce them first; cheaper than selecting the folder again.
  await client.noop();
  const uids = await client.search(searchKey(field, query), { uid: true });
  if (uids === false) throw new HomingError('server_refused', 'The server could not search this folder.');
  return (uids ?? []).sort((a, b) => b - a);
};

export interface MatchSplit {
  /** Stored matches, newest first, at most `limit` together with `fetch`. */
  stored: number[];
  /** Matches whose headers must be fetched from the server. */
  fetch: number[];
  more: boolean;
}

/**
 * Which matches to answer with: the newest `limit` UIDs, split by whether the store holds them.
 * Pure, so the cap and the split are tested without a server.
 */
export const splitMatches = (
  uidsNewestFirst: readonly number[],
  isStored: (uid: number) => boolean,
  limit = SERVER_SEARCH_LIMIT,
): MatchSplit => {
  const shown = uidsNewestFirst.slice(0, Math.max(0, limit));
  return {
    stored: shown.filter((uid) => isStored(uid)),
    fetch: shown.filter((uid) => !isStored(uid)),
    more: uidsNewestFirst.length > shown.length,
  };
};

/**
 * The `search:server` command: searches the folder on the server, then reads ENVELOPE (the same
 * header fields a sync stores) for the matches the store does not hold, so the user sees them
 * before any body is downloaded. `storedIds` lists the store's message ids for this folder.
 */
export const searchServerHeaders = async (
  env: ImapEnv,
  folderPath: string,
  text: string,
  field: ServerSearchField,
  storedIds: () => Promise<string[]>,
): Promise<ServerSearchResult> => {
  const query = checkedQuery(text);
  if (!query) return { matched: 0, storedIds: [], notStored: [], more: false };
  const known = new Set(await storedIds());
  return env.withClient('user', (client) =>
    inFolder(client, folderPath, null, async (mailbox) => {
      const uidValidity = String(mailbox.uidValidity);
      const idOf = (uid: number) => messageIdOf(env.accountId, folderPath, uidValidity, uid);
      const uids = await searchSelected(client, query, field);
      const split = splitMatches(uids, (uid) => known.has(idOf(uid)));
      const rows = split.fetch.length > 0 ? await fetchHeaderRows(client, split.fetch.join(',')) : [];
      const ctx = { accountId: env.accountId, folderPath, uidValidity, now: env.now() };
      const headers = rows.map((row) => toMessageHeader(row, ctx)).sort((a, b) => uidOfRow(b.remoteKey) - uidOfRow(a.remoteKey));
      return { matched: uids.length, storedIds: split.stored.map(idOf), notStored: headers, more: split.more };
    }),
  );
};

const uidOfRow = (remoteKey: string): number => Number(remoteKey.slice(remoteKey.lastIndexOf('/') + 1));
