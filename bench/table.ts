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

/** Samples this process's RSS; returns the peak above the starting point. */
export const rssSampler = () => {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { base, peak, delta: peak - base };
    },
  };
};
