/**
 * `npx tsx bench/pop3-profile.ts`: Homing's POP3 download only (no floor, no other tools), run
 * several times against one seeded Dovecot, with a per-batch timeline: when the engine sent each
 * store request (and how long encoding took), when its answer came back. For finding where a
 * batch's time goes; `bench/run.ts pop3` stays the measurement of record.
 *
 * HOMING_BENCH_MESSAGES (2000), HOMING_PROFILE_RUNS (2), HOMING_RENDERER_DIR (the default build),
 * HOMING_BENCH_DRIVER (bare | playwright, see pop3-chromium.ts),
 * HOMING_PROFILE_TRACE=dir: a Chromium trace (all threads) per run, HOMING_PROFILE_CPU=dir: a
 * V8 CPU profile of the engine per run (open either in Chrome DevTools' Performance panel),
 * HOMING_PROFILE_HEAP=dir: at 90 % of each download, the engine's live heap (after a GC, printed)
 * and a heap snapshot of it (Memory panel); off by default, since that GC is charged to the run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

import type { AccountStatus, EventName } from '../electron/contract';
import { runHost } from '../electron/host/run-host';
import { startDovecot } from '../test/mailserver/dovecot';
import { generateMessages, seedMaildir } from '../test/mailserver/seed';
import { benchDriver, openBenchPage } from './pop3-chromium';
import { beforeTimedRun, collectGarbage, mb, median, memorySampler } from './table';

const count = Number(process.env.HOMING_BENCH_MESSAGES ?? 2000);
const runs = Number(process.env.HOMING_PROFILE_RUNS ?? 2);
const traceDir = process.env.HOMING_PROFILE_TRACE;
const cpuDir = process.env.HOMING_PROFILE_CPU;
const rendererDir = process.env.HOMING_RENDERER_DIR;
const heapSnapshot = process.env.HOMING_PROFILE_HEAP;
const driver = benchDriver();

const once = async (port: number, fingerprint: string, run: number) => {
  let snapped = false;
  let liveBefore = 0;
  const dataDir = mkdtempSync(join(tmpdir(), 'homing-profile-app-'));
  let resolveDone: (s: AccountStatus) => void = () => undefined;
  const done = new Promise<AccountStatus>((r) => (resolveDone = r));
  const app = await runHost({
    dataDir,
    build: false,
    schedule: false,
    ...(rendererDir ? { rendererDir } : {}),
    onEvent: (name: EventName, payload) => {
      if (heapSnapshot && name === 'sync:progress') {
        const p = payload as { phase: string; done: number; total: number };
        if (p.phase === 'downloading' && !snapped && p.done >= 0.9 * p.total) {
          snapped = true;
          collectGarbage();
          const m = process.memoryUsage();
          console.log(
            `at ${p.done}/${p.total}: live heap +${mb(m.heapUsed - liveBefore)} since the start (after a GC), buffers ${mb(m.external)}`,
          );
          writeHeapSnapshot(join(heapSnapshot, `engine-${count}-${run}.heapsnapshot`));
        }
      }
      const s = payload as AccountStatus;
      if (name === 'account:status' && (s.state === 'online' || s.state === 'error')) resolveDone(s);
    },
  });
  const timeline: { t: number; what: string }[] = [];
  let t0 = 0;
  const mark = (what: string) => timeline.push({ t: performance.now() - t0, what });
  const sendTo = app.host.sink.sendTo.bind(app.host.sink);
  app.host.sink.sendTo = (clientId, name, payload) => {
    if (name !== 'store:request') return sendTo(clientId, name, payload);
    const p = payload as { requestId: string; request: { kind: string; batch?: { ops: { op: string; messages?: unknown[] }[] } } };
    const started = performance.now();
    const sent = sendTo(clientId, name, payload);
    const n = p.request.batch?.ops.find((o) => o.op === 'putMessages')?.messages?.length ?? 0;
    mark(
      `send ${p.requestId.slice(0, 6)} ${p.request.kind}${n ? ` ${n} msgs` : ''} (encode+send ${(performance.now() - started).toFixed(0)} ms)`,
    );
    return sent;
  };
  const dispatch = app.engine.dispatch;
  app.engine.dispatch = (name, input, ctx) => {
    if (name === 'store:respond') mark(`answer ${String((input as { requestId: string }).requestId).slice(0, 6)}`);
    return dispatch(name, input, ctx);
  };

  const session = cpuDir ? new Session() : null;
  const page = await openBenchPage(app.host.url, driver);
  try {
    beforeTimedRun();
    liveBefore = process.memoryUsage().heapUsed;
    if (traceDir) await page.startTracing();
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 500 });
      await session.post('Profiler.start');
    }
    const sampler = memorySampler();
    const cpu0 = process.cpuUsage();
    const chrome0 = page.cpu();
    const kinds0 = page.cpuByKind();
    const threads0 = page.cpuByThread();
    t0 = performance.now();
    const added = await app.engine.dispatch(
      'accounts:add',
      {
        password: 'bench-password',
        settings: {
          name: 'Bench',
          email: 'bench@homing.test',
          mode: 'pop3',
          incoming: { host: '127.0.0.1', port, security: 'tls', username: 'bench', trustedFingerprint256: fingerprint },
          pop3: { policy: { kind: 'keep-forever' }, headersOnlyAboveKb: null, checkIntervalMinutes: 600 },
        },
      },
      { clientId: 'bench' },
    );
    if (!added.ok) throw new Error(added.error.message);
    const status = await done;
    const ms = performance.now() - t0;
    const memory = sampler.stop();
    const cpu = process.cpuUsage(cpu0);
    const chromeCpu = page.cpu() - chrome0;
    const threads = page.cpuByThread();
    console.log(
      Object.entries(threads)
        .map(([name, s]) => [name, s - (threads0[name] ?? 0)] as const)
        .filter(([, s]) => s >= 0.05)
        .sort((a, b) => b[1] - a[1])
        .map(([name, s]) => `  ${s.toFixed(2).padStart(6)} s  ${name}`)
        .join('\n'),
    );
    const kinds = Object.entries(page.cpuByKind())
      .map(([kind, s]) => `${kind} ${(s - (kinds0[kind] ?? 0)).toFixed(2)}`)
      .join(', ');
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(cpuDir!, { recursive: true });
      writeFileSync(join(cpuDir!, `engine-${run}.cpuprofile`), JSON.stringify(profile));
    }
    if (traceDir) {
      const trace = await page.stopTracing();
      mkdirSync(traceDir, { recursive: true });
      writeFileSync(join(traceDir, `renderer-${run}.json`), trace);
    }
    if (status.state === 'error') throw new Error(`Homing's check failed: ${status.error?.message}`);
    const stored = await page.countSources();
    if (stored !== count) throw new Error(`expected ${count} stored sources, found ${stored}`);
    for (const e of timeline) console.log(`${(e.t / 1000).toFixed(3).padStart(8)} s  ${e.what}`);
    console.log(
      `run ${run}: ${(ms / 1000).toFixed(2)} s, engine growth: heap+buffers ${mb(memory.heapDelta)}, RSS ${mb(memory.delta)} (peak ${mb(memory.peak)}), CPU: engine ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, Chromium ${chromeCpu.toFixed(2)} s (${kinds})`,
    );
    console.log(`engine user ${(cpu.user / 1e6).toFixed(2)} s, system ${(cpu.system / 1e6).toFixed(2)} s`);
    return { ms, engineCpu: (cpu.user + cpu.system) / 1e6, chromeCpu, rss: memory.delta };
  } finally {
    session?.disconnect();
    await page.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const main = async () => {
  const server = await startDovecot({ users: [{ user: 'bench', password: 'bench-password' }] });
  try {
    seedMaildir(server, 'bench', generateMessages(count, { seed: 10_000 }));
    if (heapSnapshot) mkdirSync(heapSnapshot, { recursive: true });
    const results: Awaited<ReturnType<typeof once>>[] = [];
    for (let run = 1; run <= runs; run++) results.push(await once(server.ports.pop3s, server.certFingerprint256, run));
    console.log(
      `${driver}: ${count} messages, ${runs} runs: ${results.map((r) => (r.ms / 1000).toFixed(2)).join(', ')} s; median ${(median(results.map((r) => r.ms)) / 1000).toFixed(2)} s; ` +
        `median CPU engine ${median(results.map((r) => r.engineCpu)).toFixed(2)} s, Chromium ${median(results.map((r) => r.chromeCpu)).toFixed(2)} s; median RSS growth ${mb(median(results.map((r) => r.rss)))}`,
    );
  } finally {
    await server.stop();
  }
};

main().catch((err: unknown) => {
  process.stderr.write(`profile failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
