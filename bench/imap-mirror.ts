/**
 * Full offline mirror of an IMAP Inbox (every body downloaded and stored): Homing end to end (the
 * engine in this process, the store in Chromium's IndexedDB, as the browser host runs it) against
 * mbsync (isync) and offlineimap from Debian, each on its own cold copy of the same mailbox.
 *
 * `npx tsx bench/imap-mirror.ts` profiles Homing's mirror only, HOMING_PROFILE_RUNS (2) times on
 * cold copies of one mailbox, and prints a timeline: each FETCH (start, end, rows), each store
 * request sent (what it carries, how long encoding took) and answered, every event-loop stall
 * over 40 ms and every GC pause over 20 ms; then CPU seconds of the engine and of Chromium.
 * HOMING_BENCH_MESSAGES (2000), HOMING_RENDERER_DIR (the default build; pin one to compare engine
 * changes against one store), HOMING_PROFILE_CPU=dir: a V8 CPU profile of the engine per run,
 * HOMING_PROFILE_TRACE=dir: a Chromium trace (every thread) per run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants as perf, PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

import { ImapFlow } from 'imapflow';

import { runHost } from '../electron/host/run-host';
import { type MailServer, startDovecot } from '../test/mailserver/dovecot';
import { generateMessages, seedMaildir } from '../test/mailserver/seed';
import { benchDriver, openBenchPage } from './pop3-chromium';
import {
  beforeTimedRun,
  benchRounds,
  type BenchRow,
  loopStallMonitor,
  mb,
  median,
  memorySampler,
  seconds,
  spread,
  summarizeRuns,
  type ToolRun,
} from './table';

const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const countFiles = (dir: string): number =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).reduce(
        (n, e) => n + (e.isDirectory() ? countFiles(join(dir, e.name)) : ['new', 'cur'].some((d) => dir.endsWith(`/${d}`)) ? 1 : 0),
        0,
      )
    : 0;

interface Profile {
  /** Collects a timeline into this array (ms since the account was added). */
  timeline?: { t: number; what: string }[];
  cpuProfile?: string;
  /** A Chromium trace of every process (pop3-chromium.ts's categories). */
  trace?: string;
  rendererDir?: string;
}

const gcKinds: Record<number, string> = {
  [perf.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [perf.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [perf.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [perf.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

/** The main thread's time on a CPU and waiting for one, in ns (Linux schedstat), or null. */
const mainThreadSched = (): { onCpu: number; waiting: number } | null => {
  try {
    const [onCpu, waiting] = readFileSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
    return { onCpu: onCpu!, waiting: waiting! };
  } catch {
    return null;
  }
};

/** Marks each FETCH of any ImapFlow in this process: when it was sent, when its last row came. */
const traceFetches = (mark: (what: string) => void): (() => void) => {
  const proto = ImapFlow.prototype as unknown as { fetch: (...args: unknown[]) => AsyncGenerator<unknown> };
  const original = proto.fetch;
  proto.fetch = async function* (this: ImapFlow, ...args: unknown[]) {
    const [range, query] = args as [string, { source?: boolean }];
    const what = `FETCH ${String(range).length > 24 ? `${String(range).slice(0, 24)}…` : String(range)}${query?.source ? ' +source' : ''}`;
    mark(`${what} start`);
    let rows = 0;
    try {
      for await (const row of original.apply(this, args)) {
        rows++;
        yield row;
      }
    } finally {
      mark(`${what} end, ${rows} rows`);
    }
  };
  return () => {
    proto.fetch = original;
  };
};

const homingMirror = async (server: MailServer, user: string, count: number, profile: Profile = {}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'homing-bench-mirror-'));
  const app = await runHost({
    dataDir,
    build: false,
    schedule: false,
    ...(profile.rendererDir ? { rendererDir: profile.rendererDir } : {}),
  });
  // Without Playwright's Network domain by default (see pop3-chromium.ts): it copies every store
  // batch frame into DevTools events, in the page and in this process, which the app never pays.
  const page = await openBenchPage(app.host.url, benchDriver());
  let t0 = performance.now();
  const timeline = profile.timeline;
  const mark = (what: string) => timeline?.push({ t: performance.now() - t0, what });
  const untrace = timeline ? traceFetches(mark) : () => undefined;
  let stallTimer: NodeJS.Timeout | null = null;
  let gcObserver: PerformanceObserver | null = null;
  // The timeline's shape in numbers: how long the store waited for the engine between the first
  // and the last batch of messages, and how much of the worst stall the engine itself ran.
  const shape = { storeIdleMs: 0, stalls: 0, maxStallOnCpuMs: 0 };
  /** Requests carrying messages, not yet answered, with how many sources each carries. */
  const messagesInFlight = new Map<string, number>();
  let sourcesAnswered = 0;
  let storeIdleSince: number | null = null;
  // Homing's time ends when the store answers the last batch of messages, which it does only once
  // that batch is durably committed: exact, where polling the store's count was up to 200 ms late.
  let lastMessagesCommitted = Number.NaN;
  const sendTo = app.host.sink.sendTo.bind(app.host.sink);
  app.host.sink.sendTo = (clientId, name, payload) => {
    if (name !== 'store:request') return sendTo(clientId, name, payload);
    const p = payload as {
      requestId: string;
      request: { kind: string; batch?: { ops: { op: string; messages?: unknown[]; sources?: { bytes: Uint8Array }[] }[] } };
    };
    const started = performance.now();
    const sent = sendTo(clientId, name, payload);
    const ops = p.request.batch?.ops ?? [];
    const put = ops.find((o) => o.op === 'putMessages');
    if (put?.messages?.length) {
      if (messagesInFlight.size === 0 && storeIdleSince !== null) shape.storeIdleMs += performance.now() - storeIdleSince;
      messagesInFlight.set(p.requestId, put.sources?.length ?? 0);
    }
    if (timeline) {
      const bytes = put?.sources?.reduce((n, s) => n + s.bytes.byteLength, 0) ?? 0;
      const carries = [
        put ? `${put.messages?.length ?? 0} msgs` : '',
        put?.sources?.length ? `${put.sources.length} sources ${mb(bytes)}` : '',
        ...ops.filter((o) => o.op !== 'putMessages').map((o) => o.op),
      ].filter(Boolean);
      mark(
        `send ${p.requestId.slice(0, 6)} ${p.request.kind} ${carries.join(', ')} (encode+send ${(performance.now() - started).toFixed(0)} ms)`,
      );
    }
    return sent;
  };
  const dispatch = app.engine.dispatch;
  app.engine.dispatch = (name, input, ctx) => {
    if (name === 'store:respond') {
      const id = String((input as { requestId: string }).requestId);
      mark(`answer ${id.slice(0, 6)}`);
      const sources = messagesInFlight.get(id);
      if (sources !== undefined) {
        messagesInFlight.delete(id);
        sourcesAnswered += sources;
        lastMessagesCommitted = performance.now();
        if (messagesInFlight.size === 0) storeIdleSince = lastMessagesCommitted;
      }
    }
    return dispatch(name, input, ctx);
  };
  if (timeline) {
    gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
        if (e.duration >= 20) mark(`GC ${gcKinds[kind ?? 0] ?? kind} ${e.duration.toFixed(0)} ms`);
      }
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    let last = performance.now();
    let lastSched = mainThreadSched();
    stallTimer = setInterval(() => {
      const now = performance.now();
      const sched = mainThreadSched();
      if (now - last > 50) {
        // On a machine shared with other benchmarks a stall may be the OS running someone else.
        const onCpu = sched ? (sched.onCpu - lastSched!.onCpu) / 1e6 : NaN;
        const split = sched
          ? ` (main thread on a CPU ${onCpu.toFixed(0)} ms, waiting for one ${((sched.waiting - lastSched!.waiting) / 1e6).toFixed(0)} ms)`
          : '';
        shape.stalls++;
        shape.maxStallOnCpuMs = Math.max(shape.maxStallOnCpuMs, onCpu || 0);
        // In the CPU profile's clock (µs, monotonic), to find what ran during it.
        const hr = Number(process.hrtime.bigint() / 1000n);
        mark(`event loop stalled ${(now - last - 10).toFixed(0)} ms${split} [µs ${hr - Math.round((now - last) * 1000)}–${hr}]`);
      }
      last = now;
      lastSched = sched;
    }, 10);
  }
  const session = profile.cpuProfile ? new Session() : null;
  try {
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 500 });
      await session.post('Profiler.start');
    }
    beforeTimedRun();
    if (profile.trace) await page.startTracing();
    const loop = loopStallMonitor();
    const memory = memorySampler();
    const cpu0 = process.cpuUsage();
    const chrome0 = page.cpu();
    const threads0 = timeline ? page.cpuByThread() : {};
    const started = performance.now();
    t0 = started;
    const added = await app.engine.dispatch(
      'accounts:add',
      {
        password: server.users.find((u) => u.user === user)!.password,
        settings: {
          name: 'Mirror',
          email: `${user}@homing.test`,
          mode: 'imap',
          incoming: {
            host: '127.0.0.1',
            port: server.ports.imaps,
            security: 'tls',
            username: user,
            trustedFingerprint256: server.certFingerprint256,
          },
          imap: { offline: { kind: 'everything' }, attachmentCapKb: 1_000_000, checkIntervalMinutes: 600 },
        },
      },
      { clientId: 'bench' },
    );
    if (!added.ok) throw new Error(added.error.message);
    const stored = () => page.countSources();
    const deadline = Date.now() + 600_000;
    // Answers are counted here, so nothing queries the page while it works; the store's own count
    // then confirms it (an answer may have been a refusal).
    while (sourcesAnswered < count || (await stored()) < count) {
      if (Date.now() > deadline) {
        // Once (stop 12) a run stopped at 9,550 of 10,000 and never went on; the engine's log says why.
        const log = existsSync(join(dataDir, 'homing.log'))
          ? readFileSync(join(dataDir, 'homing.log'), 'utf8').split('\n').slice(-40).join('\n')
          : '(no log)';
        throw new Error(`Homing stored ${await stored()} of ${count} bodies in 10 minutes; the engine's log ends:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, sourcesAnswered < count ? 20 : 200));
    }
    // Every body is stored, so the last answer to a batch of messages has come.
    const ms = lastMessagesCommitted - started;
    const stalls = loop.stop();
    const cpu = process.cpuUsage(cpu0);
    const chromeCpu = page.cpu() - chrome0;
    const threads1 = timeline ? page.cpuByThread() : {};
    const chromeThreads = Object.entries(threads1)
      .map(([k, v]) => [k, v - (threads0[k] ?? 0)] as const)
      .filter(([, v]) => v >= 0.05)
      .sort((a, b) => b[1] - a[1]);
    if (session) {
      const { profile: cpuProfile } = await session.post('Profiler.stop');
      writeFileSync(profile.cpuProfile!, JSON.stringify(cpuProfile));
    }
    if (profile.trace) writeFileSync(profile.trace, await page.stopTracing());
    return {
      ms,
      rss: memory.stop(),
      loopMaxMs: stalls.maxMs,
      loopP99Ms: stalls.p99Ms,
      engineCpu: (cpu.user + cpu.system) / 1e6,
      chromeCpu,
      chromeThreads,
      shape,
    };
  } finally {
    if (stallTimer) clearInterval(stallTimer);
    gcObserver?.disconnect();
    untrace();
    session?.disconnect();
    await page.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

/** One run of a command-line mirror tool into `box`: its time, or why it does not count. */
const tool = (cmd: string, args: string[], box: string, count: number): ToolRun => {
  if (!have(cmd)) return { ms: null, note: `not installed (apt-get install ${cmd === 'mbsync' ? 'isync' : cmd})` };
  beforeTimedRun();
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 900_000 });
  const ms = performance.now() - t;
  const got = countFiles(box);
  if (r.status !== 0 || got !== count)
    return { ms: null, note: `exit ${r.status}, ${got} of ${count}: ${(r.stderr ?? '').trim().split('\n').slice(-1)[0] ?? ''}` };
  return { ms, note: '' };
};

const toolRow = (name: string, runs: ToolRun[], count: number): BenchRow => {
  const s = summarizeRuns(runs);
  if (s.ms === null) return { name, value: 'n/a', note: s.note };
  return { name, value: seconds(s.ms), note: `${Math.round(count / (s.ms / 1000))} msg/s, ${s.spread}` };
};

const mbsyncRun = (work: string, port: number, ca: string, user: string, password: string, count: number) => {
  const box = join(work, user);
  mkdirSync(box);
  const rc = join(work, `${user}.mbsyncrc`);
  writeFileSync(
    rc,
    `IMAPAccount bench\nHost localhost\nPort ${port}\nUser ${user}\nPass ${password}\nSSLType IMAPS\nCertificateFile ${ca}\n\nIMAPStore remote\nAccount bench\n\nMaildirStore local\nPath ${box}/\nInbox ${box}/INBOX\n\nChannel bench\nFar :remote:\nNear :local:\nPatterns INBOX\nCreate Near\nSync Pull\nSyncState *\n`,
    { mode: 0o600 },
  );
  return tool('mbsync', ['-c', rc, '-q', 'bench'], box, count);
};

/**
 * Homing and mbsync, HOMING_BENCH_ROUNDS times each, alternating, every run on its own cold copy of
 * the mailbox (Dovecot's cache of ENVELOPE and BODYSTRUCTURE is warm after a first FETCH); then
 * offlineimap once (about a minute).
 */
export const benchImapMirror = async (count = Number(process.env.HOMING_BENCH_MESSAGES ?? 10_000)): Promise<BenchRow[]> => {
  const rounds = benchRounds();
  const users = [
    ...Array.from({ length: rounds }, (_, i) => [`mirror-homing-${i + 1}`, `mirror-mbsync-${i + 1}`]).flat(),
    'mirror-offlineimap',
  ].map((user) => ({ user, password: `${user}-pw` }));
  const server = await startDovecot({ users });
  const work = mkdtempSync(join(tmpdir(), 'homing-bench-mirror-tools-'));
  try {
    for (const { user } of users) seedMaildir(server, user, generateMessages(count, { seed: 4242 }), { mixedFlags: true });
    const ca = join(work, 'ca.pem');
    writeFileSync(ca, server.caCertPem);

    const homing: Awaited<ReturnType<typeof homingMirror>>[] = [];
    const mbsync: ToolRun[] = [];
    for (let round = 1; round <= rounds; round++) {
      homing.push(await homingMirror(server, `mirror-homing-${round}`, count));
      mbsync.push(mbsyncRun(work, server.ports.imaps, ca, `mirror-mbsync-${round}`, `mirror-mbsync-${round}-pw`, count));
    }

    const oiBox = join(work, 'offlineimap');
    writeFileSync(
      join(work, 'offlineimaprc'),
      `[general]\naccounts = bench\nmetadata = ${join(work, 'oi-meta')}\n\n[Account bench]\nlocalrepository = local\nremoterepository = remote\n\n[Repository local]\ntype = Maildir\nlocalfolders = ${oiBox}\n\n[Repository remote]\ntype = IMAP\nremotehost = localhost\nremoteport = ${server.ports.imaps}\nremoteuser = mirror-offlineimap\nremotepass = mirror-offlineimap-pw\nssl = yes\nsslcacertfile = ${ca}\nfolderfilter = lambda f: f == 'INBOX'\nreadonly = True\n`,
      { mode: 0o600 },
    );
    const offlineimap = tool('offlineimap', ['-c', join(work, 'offlineimaprc'), '-u', 'quiet', '-o'], oiBox, count);

    const homingMs = homing.map((r) => r.ms);
    const mbsyncMs = summarizeRuns(mbsync).ms ?? NaN;
    const loopMax = homing.map((r) => r.loopMaxMs);
    return [
      { name: 'mailbox', value: `${count} msgs` },
      {
        name: 'Homing full mirror → store (Chromium)',
        value: seconds(median(homingMs)),
        note: `${Math.round(count / (median(homingMs) / 1000))} msg/s, ${spread(homingMs)}`,
      },
      toolRow('mbsync (isync), pull INBOX', mbsync, count),
      toolRow('offlineimap, INBOX', [offlineimap], count),
      {
        name: 'Homing vs mbsync',
        value: Number.isFinite(mbsyncMs) ? `${(mbsyncMs / median(homingMs)).toFixed(2)}×` : 'n/a',
        note: '>1 means Homing is faster (medians)',
      },
      {
        name: 'engine event loop max delay',
        value: `${median(loopMax).toFixed(0)} ms`,
        note: `median of the runs' maxima; worst ${Math.max(...loopMax).toFixed(0)} ms, p99 ${median(homing.map((r) => r.loopP99Ms)).toFixed(0)} ms`,
      },
      {
        name: 'engine peak RSS growth',
        value: mb(Math.max(...homing.map((r) => r.rss.delta))),
        note: `peak ${mb(Math.max(...homing.map((r) => r.rss.peak)))}`,
      },
    ];
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
};

const profileMain = async () => {
  const count = Number(process.env.HOMING_BENCH_MESSAGES ?? 2000);
  const runs = Number(process.env.HOMING_PROFILE_RUNS ?? 2);
  const cpuDir = process.env.HOMING_PROFILE_CPU;
  const traceDir = process.env.HOMING_PROFILE_TRACE;
  const users = Array.from({ length: runs }, (_, i) => ({ user: `mirror-${i + 1}`, password: `mirror-pw-${i + 1}` }));
  const server = await startDovecot({ users });
  try {
    for (const { user } of users) seedMaildir(server, user, generateMessages(count, { seed: 4242 }), { mixedFlags: true });
    if (cpuDir) mkdirSync(cpuDir, { recursive: true });
    if (traceDir) mkdirSync(traceDir, { recursive: true });
    const results: Awaited<ReturnType<typeof homingMirror>>[] = [];
    for (let run = 1; run <= runs; run++) {
      const timeline: { t: number; what: string }[] = [];
      const r = await homingMirror(server, `mirror-${run}`, count, {
        timeline,
        ...(cpuDir ? { cpuProfile: join(cpuDir, `engine-${run}.cpuprofile`) } : {}),
        ...(traceDir ? { trace: join(traceDir, `chromium-${run}.json`) } : {}),
        ...(process.env.HOMING_RENDERER_DIR ? { rendererDir: process.env.HOMING_RENDERER_DIR } : {}),
      });
      for (const e of timeline) console.log(`${(e.t / 1000).toFixed(3).padStart(8)} s  ${e.what}`);
      console.log(
        `run ${run}: ${seconds(r.ms)}, CPU engine ${r.engineCpu.toFixed(2)} s, Chromium ${r.chromeCpu.toFixed(2)} s, ` +
          `event loop max ${r.loopMaxMs.toFixed(0)} ms (p99 ${r.loopP99Ms.toFixed(0)} ms), RSS growth ${mb(r.rss.delta)}; ` +
          `store idle between batches ${seconds(r.shape.storeIdleMs)}; ${r.shape.stalls} stalls over 40 ms, the engine on a CPU for at most ${r.shape.maxStallOnCpuMs.toFixed(0)} ms of one`,
      );
      console.log(`Chromium CPU by thread: ${r.chromeThreads.map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(', ')}`);
      results.push(r);
    }
    console.log(
      `${count} messages: ${results.map((r) => seconds(r.ms)).join(', ')}; engine CPU ${results.map((r) => r.engineCpu.toFixed(2)).join(', ')} s; ` +
        `Chromium CPU ${results.map((r) => r.chromeCpu.toFixed(2)).join(', ')} s; loop max ${results.map((r) => r.loopMaxMs.toFixed(0)).join(', ')} ms`,
    );
  } finally {
    await server.stop();
  }
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  profileMain().catch((err: unknown) => {
    process.stderr.write(`profile failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
