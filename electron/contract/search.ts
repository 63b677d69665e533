import { z } from 'zod';

import { messageHeaderSchema } from './mail';

/**
 * Searching the server for what the local index cannot see (issue #6 §1). The local search index
 * holds subject, people and the opening words of stored bodies; an IMAP account keeps most bodies
 * on the server, so a word deep in a message, or a message the mirror has not fetched yet, is
 * found only by asking the server (UID SEARCH, RFC 9051 §6.4.4). Spread into `commands`
 * (commands.ts).
 */

/** Which part of the message the server matches: the whole text, or one header. */
export const serverSearchFieldSchema = z.enum(['text', 'from', 'subject']);
export type ServerSearchField = z.infer<typeof serverSearchFieldSchema>;

/** Most matches answered with headers in one search: a list to pick from, not a sync. */
export const SERVER_SEARCH_LIMIT = 200;

export const serverSearchResultSchema = z.object({
  /** How many messages in the folder matched on the server. */
  matched: z.number().int().nonnegative(),
  /** Matches already in the local store (ids), newest first; the UI reads them from the store. */
  storedIds: z.array(z.string()),
  /**
   * Matches the store does not hold yet, as headers read from the server (ENVELOPE), newest first.
   * Opening one downloads it with `message:fetchSource`, which also stores it.
   */
  notStored: z.array(messageHeaderSchema),
  /** More matched than SERVER_SEARCH_LIMIT; the newest are listed. */
  more: z.boolean(),
});
export type ServerSearchResult = z.infer<typeof serverSearchResultSchema>;

export const searchCommands = {
  /** UID SEARCH in one folder of an IMAP account; POP3 accounts answer invalid_input. */
  'search:server': {
    input: z
      .object({
        folderId: z.string().min(1).max(2_000),
        query: z.string().trim().min(1).max(1_000),
        field: serverSearchFieldSchema.default('text'),
      })
      .strict(),
    output: serverSearchResultSchema,
  },
} as const;
