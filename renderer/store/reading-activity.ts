/**
 * "Someone is reading the store now": the mail window announces a search, and the background body
 * indexer (./body-indexer.ts, in the store worker) holds off for a moment. IndexedDB runs a read of
 * `searchTerms` only after an overlapping write to it, and the backend is busy while indexing: in
 * Chromium over 100,000 queued messages a search waited 6–12 s behind the indexer before this.
 */
const CHANNEL = 'homing-store-reading';
/** How long one announcement keeps the indexer away: covers typing the next letters too. */
export const READING_PAUSE_MS = 2_000;

let channel: BroadcastChannel | null = null;

/** Called by queries the user waits for (search). Cheap: one message, at most every 250 ms. */
let lastSent = 0;
export const announceReading = (now = Date.now()): void => {
  if (typeof BroadcastChannel === 'undefined' || now - lastSent < 250) return;
  lastSent = now;
  channel ??= new BroadcastChannel(CHANNEL);
  channel.postMessage({ until: now + READING_PAUSE_MS });
};

/** For the indexer: the time until which readers asked for quiet (0 when none did). */
export const watchReading = (): { until(): number; close(): void } => {
  if (typeof BroadcastChannel === 'undefined') return { until: () => 0, close: () => undefined };
  const listener = new BroadcastChannel(CHANNEL);
  let until = 0;
  listener.onmessage = (event: MessageEvent<{ until?: unknown }>) => {
    if (typeof event.data?.until === 'number' && Number.isFinite(event.data.until)) until = Math.max(until, event.data.until);
  };
  return { until: () => until, close: () => listener.close() };
};
