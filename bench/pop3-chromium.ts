import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { WebSocket } from 'ws';

import { CHROMIUM, launchChromium } from '../test/e2e/helpers/browser';

/**
 * Headless Chromium with NO DevTools domain enabled on the page, for timing the renderer.
 *
 * Playwright enables the Network domain on every page it creates, and Chromium then copies every
 * WebSocket frame it receives into a `Network.webSocketFrameReceived` event (binary frames
 * base64-encoded), on the page's main thread, and ships it to the Node process driving it — here
 * the same process as the engine. For a 16–24 MB sync batch that costs the page's main thread
 * ~0.7 s and the engine's event loop a large JSON parse, per batch: a cost of the measuring
 * instrument that the app (Electron, or a browser nobody is debugging) never pays. This opens
 * the page as a plain command-line argument and talks to it only with `Runtime.evaluate`.
 */
export interface BarePage {
  /** The browser process; its descendants are the renderer, GPU and utility processes. */
  pid: number;
  /** Evaluates an expression in the page (awaiting a promise) and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Waits until `expression` is truthy. */
  waitFor(expression: string, timeoutMs?: number): Promise<void>;
  /** The renderer's JS heap (Performance.getMetrics). */
  jsHeap(): Promise<number>;
  /** Starts a Chromium trace of every process (no Network domain involved). */
  startTracing(categories: string[]): Promise<void>;
  stopTracing(): Promise<string>;
  close(): Promise<void>;
}

class Cdp {
  private seq = 0;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly listeners = new Set<(method: string, params: unknown) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString('utf8')) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
        method?: string;
        params?: unknown;
      };
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(msg.error.message));
        else p?.resolve(msg.result);
      } else if (msg.method) for (const l of this.listeners) l(msg.method, msg.params);
    });
  }

  static async connect(url: string): Promise<Cdp> {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
    return new Cdp(ws);
  }

  send<T>(method: string, params: object = {}): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  on(listener: (method: string, params: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.ws.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const openBarePage = async (url: string): Promise<BarePage> => {
  const profile = mkdtempSync(join(tmpdir(), 'homing-bare-chromium-'));
  const child = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-quic',
      '--no-first-run',
      '--disable-sync',
      // As Playwright launches it (minus automation), so the two drivers time the same browser.
      '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
      '--disable-renderer-backgrounding',
      '--disable-ipc-flooding-protection',
      '--disable-extensions',
      '--disable-component-extensions-with-background-pages',
      '--disable-default-apps',
      '--disable-dev-shm-usage',
      '--no-default-browser-check',
      '--disable-search-engine-choice-screen',
      // An app window, as Electron's is: no tab strip or omnibox. A normal window's omnibox is a
      // WebUI renderer of its own, which cost 0.5-1 s of CPU during a download (a blinking caret
      // redrawn in a window nobody sees) that the app never pays.
      `--app=${url}`,
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
    ],
    { stdio: 'ignore' },
  );
  const portFile = join(profile, 'DevToolsActivePort');
  for (let i = 0; !existsSync(portFile) || readFileSync(portFile, 'utf8').split('\n').length < 2; i++) {
    if (i > 300) throw new Error('Chromium did not start');
    await sleep(50);
  }
  const [port, browserPath] = readFileSync(portFile, 'utf8').split('\n');
  const browser = await Cdp.connect(`ws://127.0.0.1:${port}${browserPath}`);
  // The page is in the profile's own (default) browser context, so IndexedDB is on disk as in the
  // app. A context from Target.createBrowserContext — what Playwright's browser.newPage() uses —
  // is off the record: its IndexedDB lives in memory, and durability 'strict' costs nothing there.
  let targets: { type: string; url: string; webSocketDebuggerUrl: string }[] = [];
  for (let i = 0; i < 200; i++) {
    targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as typeof targets;
    if (targets.some((t) => t.type === 'page' && t.url.startsWith(url.split('#')[0]!))) break;
    await sleep(50);
  }
  const target = targets.find((t) => t.type === 'page' && t.url.startsWith(url.split('#')[0]!));
  if (!target) throw new Error('Chromium opened no page');
  const page = await Cdp.connect(target.webSocketDebuggerUrl);

  const evaluate = async <T>(expression: string): Promise<T> => {
    const r = await page.send<{ result: { value: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
      'Runtime.evaluate',
      {
        expression,
        awaitPromise: true,
        returnByValue: true,
      },
    );
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value;
  };

  return {
    pid: child.pid!,
    evaluate,
    waitFor: async (expression, timeoutMs = 30_000) => {
      const until = Date.now() + timeoutMs;
      while (!(await evaluate<boolean>(`Boolean(${expression})`))) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${expression}`);
        await sleep(50);
      }
    },
    jsHeap: async () => {
      await page.send('Performance.enable');
      const { metrics } = await page.send<{ metrics: { name: string; value: number }[] }>('Performance.getMetrics');
      return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    },
    startTracing: async (categories) => {
      await browser.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReturnAsStream' });
    },
    stopTracing: async () => {
      const complete = new Promise<string>((resolve) => {
        const off = browser.on((method, params) => {
          if (method !== 'Tracing.tracingComplete') return;
          off();
          resolve((params as { stream: string }).stream);
        });
      });
      await browser.send('Tracing.end');
      const stream = await complete;
      const parts: string[] = [];
      for (;;) {
        const chunk = await browser.send<{ data: string; eof: boolean; base64Encoded?: boolean }>('IO.read', {
          handle: stream,
          size: 8 * 1024 * 1024,
        });
        parts.push(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data);
        if (chunk.eof) break;
      }
      await browser.send('IO.close', { handle: stream });
      return parts.join('');
    },
    close: async () => {
      const exited = child.exitCode === null ? new Promise((r) => child.once('exit', r)) : Promise.resolve();
      await browser.send('Browser.close').catch(() => undefined);
      page.close();
      browser.close();
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await sleep(200);
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      } catch {
        // a helper process still writing; the OS temp cleaner takes it
      }
    },
  };
};

export type BenchDriver = 'bare' | 'playwright';

/**
 * HOMING_BENCH_DRIVER: 'bare' (default) opens the app in Chromium with no DevTools domain enabled
 * on the page (openBarePage); 'playwright' drives it as the e2e tests do, paying for Playwright's
 * Network domain on every WebSocket frame.
 */
export const benchDriver = (): BenchDriver => {
  const driver = process.env.HOMING_BENCH_DRIVER ?? process.env.HOMING_PROFILE_DRIVER ?? 'bare';
  if (driver !== 'bare' && driver !== 'playwright') throw new Error(`HOMING_BENCH_DRIVER must be bare or playwright, not ${driver}`);
  return driver;
};

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
  'IndexedDB',
  'loading',
];

/**
 * CPU seconds (user + system) of every live thread of `root` and its descendants, by
 * `process kind/thread name` (CrRendererMain, DedicatedWorker thread, ThreadPoolForeg…): which
 * thread a cost lands on, without a trace's own overhead. Threads of one name are summed.
 */
export const threadCpu = (root: number): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const pid of processTree(root)) {
    const kind = kindOf(pid);
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const key = `${kind}/${name}`;
        out[key] = (out[key] ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100;
      }
    } catch {
      // gone meanwhile
    }
  }
  return out;
};

/** Every process's parent and CPU ticks so far (own and exited children's), from /proc. */
const procStats = (): Map<number, { ppid: number; ticks: number }> => {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime: fields 14-17 of stat(5), counted from the state field here.
      stats.set(Number(pid), {
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
      });
    } catch {
      // gone meanwhile
    }
  }
  return stats;
};

/** `root` and every process below it. */
const processTree = (root: number, stats = procStats()): number[] => {
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [child, s] of stats) if (s.ppid === tree[i]) tree.push(child);
  return tree;
};

/** A Chromium process's kind: its `--type=` (renderer, gpu-process, utility:network…) or "browser". */
const kindOf = (pid: number): string => {
  try {
    // Chromium's children rewrite their command line as one space-separated string.
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    const type = args.find((a) => a.startsWith('--type='))?.slice('--type='.length) ?? 'browser';
    const service = args
      .find((a) => a.startsWith('--utility-sub-type='))
      ?.split('=')[1]
      ?.split('.')[0];
    if (args.includes('--top-chrome-webui')) return 'renderer:webui';
    return service ? `${type}:${service}` : type;
  } catch {
    return 'gone';
  }
};

/**
 * CPU seconds (user + system) used so far by `root` and its descendants (exited children
 * included), by process kind (kindOf).
 */
export const treeCpu = (root: number): Record<string, number> => {
  const stats = procStats();
  const out: Record<string, number> = {};
  for (const pid of processTree(root, stats)) {
    const kind = kindOf(pid);
    out[kind] = (out[kind] ?? 0) + (stats.get(pid)?.ticks ?? 0) / 100;
  }
  return out;
};

const total = (byKind: Record<string, number>): number => Object.values(byKind).reduce((a, b) => a + b, 0);

export interface BenchPage {
  /** CPU seconds used by the browser's processes so far. */
  cpu(): number;
  /** The same, by process kind (bare driver only). */
  cpuByKind(): Record<string, number>;
  /** The same, by thread of each process kind (bare driver only; see threadCpu). */
  cpuByThread(): Record<string, number>;
  countSources(): Promise<number>;
  /** The page's JS heap in bytes. */
  jsHeap(): Promise<number>;
  startTracing(): Promise<void>;
  stopTracing(): Promise<string>;
  close(): Promise<void>;
}

// Messages whose body is here (location 'local' or 'server+local'): every message but those only
// on the server, from the store's running per-account totals (one row each, committed with the
// messages), so the IMAP bench can poll it during its run without walking an index.
const COUNT_SOURCES = `new Promise((resolve, reject) => {
  const req = indexedDB.open('homing');
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const db = req.result;
    const rows = db.transaction('accountStats').objectStore('accountStats').getAll();
    rows.onsuccess = () => {
      resolve(rows.result.reduce((n, s) => n + s.messages - s.serverOnlyCount, 0));
      db.close();
    };
  };
})`;

export const openBenchPage = async (url: string, driver: BenchDriver): Promise<BenchPage> => {
  if (driver === 'bare') {
    const page = await openBarePage(url);
    await page.waitFor(`[...document.querySelectorAll('h1,h2')].some((h) => h.textContent.includes('Add a mail account'))`);
    return {
      cpu: () => total(treeCpu(page.pid)),
      cpuByKind: () => treeCpu(page.pid),
      cpuByThread: () => threadCpu(page.pid),
      countSources: () => page.evaluate<number>(COUNT_SOURCES),
      jsHeap: () => page.jsHeap(),
      startTracing: () => page.startTracing(TRACE_CATEGORIES),
      stopTracing: () => page.stopTracing(),
      close: () => page.close(),
    };
  }
  const chromium = await launchChromium();
  const page = await chromium.browser.newPage();
  await page.goto(url);
  await page.getByRole('heading', { name: 'Add a mail account' }).waitFor();
  return {
    // Playwright does not expose the browser's pid.
    cpu: () => NaN,
    cpuByKind: () => ({}),
    cpuByThread: () => ({}),
    countSources: () => page.evaluate(COUNT_SOURCES) as Promise<number>,
    jsHeap: async () => {
      const session = await page.context().newCDPSession(page);
      await session.send('Performance.enable');
      const { metrics } = await session.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    },
    startTracing: () => chromium.browser.startTracing(page, { categories: TRACE_CATEGORIES }),
    stopTracing: async () => (await chromium.browser.stopTracing()).toString('utf8'),
    close: () => chromium.close(),
  };
};
