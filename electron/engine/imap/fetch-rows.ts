import type { FetchMessageObject, FetchOptions, FetchQueryObject, ImapFlow } from 'imapflow';

import { headerQuery } from './message-mapper';

/** Lets timers, IPC and socket callbacks run before we continue. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * An event loop turn every this many ENVELOPE+BODYSTRUCTURE rows (~0.15 ms each to parse). Every
 * 64 held the engine's loop for up to 65 ms at a time in the 10,000-message mirror (18–21 turns
 * over 40 ms, p99 77–91 ms); every 16: 3 (p99 43–46 ms), with no slower sync (runs alternated).
 * Header-only sync, same check: loop max 51–59 → 30–38 ms, time within noise. Every 8 cost the
 * header-only sync up to 15 %.
 */
const HEADER_ROWS_PER_TURN = 16;

/**
 * FETCH results collected, with a real event loop turn every `every` rows. imapflow parses a burst
 * of responses in one unbroken chain of promise callbacks (measured: 200-370 ms of starved timers
 * for a few thousand ENVELOPE+BODYSTRUCTURE rows over loopback). Its fetch() generator waits for
 * the consumer before parsing the next row, so yielding here pauses the parser too, keeping the
 * main process responsive without more round trips. Rows arrive in `rows` as they come, so a
 * caller can keep them when the command fails at its end.
 */
export const fetchRows = async (
  client: ImapFlow,
  range: string,
  query: FetchQueryObject,
  options: FetchOptions,
  every = 64,
  rows: FetchMessageObject[] = [],
): Promise<FetchMessageObject[]> => {
  for await (const row of client.fetch(range, query, options)) {
    rows.push(row);
    if (rows.length % every === 0) await yieldToLoop();
  }
  return rows;
};

/** The list fields (`headerQuery`) of the messages with these UIDs, HEADER_ROWS_PER_TURN rows per loop turn. */
export const fetchHeaderRows = (client: ImapFlow, uids: string): Promise<FetchMessageObject[]> =>
  fetchRows(client, uids, headerQuery, { uid: true }, HEADER_ROWS_PER_TURN);
