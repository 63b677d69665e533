import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full GC left alive: to twice that,
 * in the whole process that runs the engine (Electron's main process, the browser host).
 *
 * A sync streams hundreds of MB through short-lived buffers and objects. Under that load V8 grows
 * its young generation to 2 × 16 MB, and it starts incremental marking whenever the old
 * generation's headroom (its limit minus its size) is no larger than that: with the headroom its
 * own heuristics gave (~30 MB on a ~60 MB heap), it was marking all the time. A 10,000-message
 * POP3 check ran 22 full GCs in 5.5 s, a third of the engine's CPU. Alternated runs, 10,000
 * messages, engine CPU without → 1.5× → 2×: POP3 4.8–5.0 → 3.4–3.8 → 3.3–3.6 s; IMAP mirror
 * 4.7–5.0 → 4.3–4.4 → 4.0 s (wall 5.7–5.8 → 5.4–5.6 → 5.2–5.3 s). The price is heap: up to the
 * live size again at the peak (~60 MB here), whatever the mailbox's size.
 *
 * Set at run time because Electron's main process takes no V8 flags from a packaged app's
 * command line; V8 reads this one afresh each time it sets a new limit, after every full GC.
 * Electron starts V8 with --no-freeze-flags-after-init (as Node does), so flags stay writable.
 */
export const HEAP_GROWING_PERCENT = 100;

export const tuneHeapForStreaming = (): void => {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
};
