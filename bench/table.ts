import { spawnSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface BenchRow {
  name: string;
  value: string;
  note?: string;
}

/** Prints rows as a plain-text table (what `npm run bench` shows and the closing notes quote). */
export const printTable = (title: string, rows: BenchRow[]): void => {
  const w1 = Math.max(4, ...rows.map((r) => r.name.length));
  const w2 = Math.max(5, ...rows.map((r) => r.value.length));
  const line = `+-${'-'.repeat(w1)}-+-${'-'.repeat(w2)}-+`;
  process.stdout.write(`\n${title}\n${line}\n`);
  for (const r of rows) process.stdout.write(`| ${r.name.padEnd(w1)} | ${r.value.padStart(w2)} |${r.note ? ` ${r.note}` : ''}\n`);
  process.stdout.write(`${line}\n`);
};

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * Samples this process's memory; returns the peaks above the starting point. RSS is what the OS
 * sees, but its base carries whatever earlier work freed without returning to the OS (seeding a
 * mailbox), so `heapDelta` (JS heap + buffers, after the GC of beforeTimedRun) is the figure that
 * says how memory scales with the mailbox.
 */
export const memorySampler = () => {
  const sample = () => {
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed + m.external };
  };
  const base = sample();
  let peak = base.rss;
  let heapPeak = base.heap;
  const take = () => {
    const m = sample();
    peak = Math.max(peak, m.rss);
    heapPeak = Math.max(heapPeak, m.heap);
  };
  const timer = setInterval(take, 50);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return { base: base.rss, peak, delta: peak - base.rss, heapDelta: heapPeak - base.heap };
    },
  };
};

/**
 * Watches this process's event loop (perf_hooks.monitorEventLoopDelay); `stop()` gives its longest
 * stall and 99th percentile in ms. Sampled every millisecond, not at the default 10: the histogram
 * records the whole time between two samples, so at 10 ms a loop that never blocks reads 10.1 ms
 * and a block of X ms reads anywhere from X to X + 10 (where it fell between two samples; measured:
 * the same runs' longest stall 0–8 ms lower at 1 ms). At 1 ms the reading is the block plus at most
 * a millisecond.
 */
export const loopStallMonitor = () => {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  return {
    stop: () => {
      loop.disable();
      return { maxMs: loop.max / 1e6, p99Ms: loop.percentile(99) / 1e6 };
    },
  };
};

/**
 * How many times `npm run bench` times each contender (HOMING_BENCH_ROUNDS, default 3): on a
 * shared 2-core machine one run of a 5-second tool moves ±15 %, so verdicts compare medians.
 */
export const benchRounds = (): number => {
  const n = Number(process.env.HOMING_BENCH_ROUNDS ?? 3);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`HOMING_BENCH_ROUNDS must be a whole number ≥ 1, not ${process.env.HOMING_BENCH_ROUNDS}`);
  return n;
};

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** One timed run of a command-line tool: its time, or why it does not count. */
export interface ToolRun {
  ms: number | null;
  note: string;
}

/** A contender's runs as one: their median and spread, or the first failure's note. */
export const summarizeRuns = (runs: readonly ToolRun[]): { ms: number; spread: string } | { ms: null; note: string } => {
  const failed = runs.find((r) => r.ms === null);
  if (failed) return { ms: null, note: failed.note };
  const ms = runs.map((r) => r.ms!);
  return { ms: median(ms), spread: spread(ms) };
};

/** What the runs spanned, for a table's note: "median of 3 runs, 4.90–5.60 s". */
export const spread = (ms: readonly number[]): string =>
  ms.length === 1 ? '1 run' : `median of ${ms.length} runs, ${seconds(Math.min(...ms))}–${seconds(Math.max(...ms))}`;

/**
 * What the run before wrote (a seeded mailbox, a tool's Maildir,
 * Chromium's IndexedDB) is otherwise written back by the kernel during the next one, on the same
 * 2 cores and disk, and charged to it (mpop: 4.4 s alone, 6.8 s right after Homing's run).
 */
const flushDisk = (): void => {
  spawnSync('sync', { stdio: 'ignore' });
};

let gc: (() => void) | null = null;

/**
 * A full GC of this process, whether or not node runs with --expose-gc: seeding leaves hundreds of
 * MB of garbage, and its major GC was charged to whichever run triggered it (as a pause of the
 * engine's event loop and as its RSS).
 */
export const collectGarbage = (): void => {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  // The first GC finds dead buffers; V8 frees their bytes in the background and finishes that at
  // the start of the next GC. Without this one, 232 MB of seeded messages were still "external"
  // when a run started, and were freed during it.
  gc();
};

/**
 * Call before every timed run (seeding is the first "run before"): the disk written back, this
 * process's garbage collected.
 */
export const beforeTimedRun = (): void => {
  flushDisk();
  collectGarbage();
};
