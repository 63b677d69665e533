import type { FetchMessageObject, FetchOptions, FetchQueryObject, ImapFlow } from 'imapflow';

import { headerQuery } from './message-mapper';

/** Lets timers, IPC and socket callbacks run before we continue. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * How long the engine's loop runs FETCH results before it hands a turn to everything else in the
 * main process (timers, IPC, the other connection). By time, not by rows: a row costs from a few
 * µs (flags) to well over a millisecond (a source with its ENVELOPE and BODYSTRUCTURE, in code V8
 * has not optimized yet, on a CPU shared with the store), and what the rest of the loop needs is a
 * bound on how long it waits. 10,000-message mirrors, alternated, the loop's longest delay: a turn
 * every 16 rows 49, 55, 75 ms; every 8 ms 52, 51, 38 ms; every 4 ms 37, 38, 37 ms, in the same time.
 */
export const TURN_BUDGET_MS = 4;

/** Counts time since the event loop last had a turn; `due()` says when to give it one (`take()`). */
export class LoopTurns {
  private since = performance.now();

  constructor(private readonly budgetMs = TURN_BUDGET_MS) {}

  due(): boolean {
    return performance.now() - this.since >= this.budgetMs;
  }

  async take(): Promise<void> {
    await yieldToLoop();
    this.since = performance.now();
  }
}

/**
 * FETCH results collected, each as `map` makes it (a row it maps to null is left out), with a real
 * event loop turn every TURN_BUDGET_MS. imapflow parses a burst of responses in one unbroken chain
 * of promise callbacks (measured: 200-370 ms of starved timers for a few thousand
 * ENVELOPE+BODYSTRUCTURE rows over loopback). Its fetch() generator waits for the consumer before
 * parsing the next row, so yielding here pauses the parser too, keeping the main process responsive
 * without more round trips. Mapping a row as it arrives lets imapflow's objects for it die young,
 * and does the work while the server is still sending rather than after the last one.
 */
export const fetchMapped = async <T>(
  client: ImapFlow,
  range: string,
  query: FetchQueryObject,
  options: FetchOptions,
  map: (row: FetchMessageObject) => T | null,
): Promise<T[]> => {
  const turns = new LoopTurns();
  const out: T[] = [];
  for await (const row of client.fetch(range, query, options)) {
    const mapped = map(row);
    if (mapped !== null) out.push(mapped);
    if (turns.due()) await turns.take();
  }
  return out;
};

/** FETCH results as imapflow gives them (fetchMapped). */
export const fetchRows = (client: ImapFlow, range: string, query: FetchQueryObject, options: FetchOptions): Promise<FetchMessageObject[]> =>
  fetchMapped(client, range, query, options, (row) => row);

/**
 * The list fields (`headerQuery`) of the messages with these UIDs, each as `map` makes it. Only
 * rows that carry them: a server may send FETCH responses of its own amid the answer (flags another
 * session changed, RFC 9051 §5.2), and imapflow yields those like the rest. Listed, such a row
 * would overwrite a stored message with an empty one.
 */
export const fetchHeaders = <T>(client: ImapFlow, uids: string, map: (row: FetchMessageObject) => T): Promise<T[]> =>
  fetchMapped(client, uids, headerQuery, { uid: true }, (row) => (row.envelope ? map(row) : null));

/** fetchHeaders, each row as imapflow gives it. */
export const fetchHeaderRows = (client: ImapFlow, uids: string): Promise<FetchMessageObject[]> => fetchHeaders(client, uids, (row) => row);
