import { writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { AccountStatus, EventName } from '../electron/contract';
import { runHost } from '../electron/host/run-host';
import { startDovecot } from '../test/mailserver/dovecot';
import { generateMessages, seedMaildir } from '../test/mailserver/seed';
import { type BenchDriver, benchDriver, openBenchPage } from './pop3-chromium';
import { bareRetrLoop } from './pop3-floor';
import { runPop3Tools, type ToolRun as Pop3ToolRun } from './pop3-tools';
import { beforeTimedRun, benchRounds, type BenchRow, mb, median, memorySampler, seconds, spread, summarizeRuns } from './table';

/**
 * Homing's own path, end to end: the engine in this Node process (as in the browser host), the
 * store writer in Chromium's IndexedDB, every batch acknowledged after a durable commit.
 */
const homingDownload = async (opts: {
  port: number;
  user: string;
  password: string;
  fingerprint: string;
  count: number;
  driver: BenchDriver;
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'homing-bench-app-'));
  let resolveDone: (s: AccountStatus) => void = () => undefined;
  const done = new Promise<AccountStatus>((r) => (resolveDone = r));
  const app = await runHost({
    dataDir,
    build: false,
    schedule: false,
    ...(process.env.HOMING_RENDERER_DIR ? { rendererDir: process.env.HOMING_RENDERER_DIR } : {}),
    onEvent: (name: EventName, payload) => {
      const s = payload as AccountStatus;
      if (name === 'account:status' && (s.state === 'online' || s.state === 'error')) resolveDone(s);
    },
  });
  const page = await openBenchPage(app.host.url, opts.driver);
  try {
    beforeTimedRun();
    const sampler = memorySampler();
    const started = performance.now();
    const added = await app.engine.dispatch(
      'accounts:add',
      {
        password: opts.password,
        settings: {
          name: 'Bench',
          email: `${opts.user}@homing.test`,
          mode: 'pop3',
          incoming: { host: '127.0.0.1', port: opts.port, security: 'tls', username: opts.user, trustedFingerprint256: opts.fingerprint },
          pop3: { policy: { kind: 'keep-forever' }, headersOnlyAboveKb: null, checkIntervalMinutes: 600 },
        },
      },
      { clientId: 'bench' },
    );
    if (!added.ok) throw new Error(added.error.message);
    const status = await done;
    const ms = performance.now() - started;
    const memory = sampler.stop();
    if (status.state === 'error') throw new Error(`Homing's check failed: ${status.error?.message}`);
    const stored = await page.countSources();
    if (stored !== opts.count) throw new Error(`expected ${opts.count} stored sources, found ${stored}`);
    return {
      ms,
      engineRssDelta: memory.delta,
      enginePeak: memory.peak,
      engineHeapDelta: memory.heapDelta,
      rendererHeap: await page.jsHeap(),
    };
  } finally {
    await page.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

export const benchPop3 = async (count = Number(process.env.HOMING_BENCH_MESSAGES ?? 10_000)): Promise<BenchRow[]> => {
  const users = [
    { user: 'bench', password: 'bench-password' },
    { user: 'small', password: 'small-password' },
  ];
  const server = await startDovecot({ users });
  const caPath = join(server.dir, 'bench-ca.pem');
  writeFileSync(caPath, server.caCertPem);
  try {
    // Only their size is kept: the files' bytes would sit in this process through every run.
    const bytes = seedMaildir(server, 'bench', generateMessages(count, { seed: 10_000 })).reduce((n, f) => n + f.bytes.length, 0);
    // Half the mailbox: enough batches (24 MB each) to reach the steady state, so the two peaks
    // compare as "flat in the mailbox size" or not.
    const small = Math.max(1, Math.round(count / 2));
    const smallBytes = seedMaildir(server, 'small', generateMessages(small, { seed: 2_000 })).reduce((n, f) => n + f.bytes.length, 0);
    const account = { port: server.ports.pop3s, user: 'bench', password: 'bench-password' };

    beforeTimedRun();
    const floor = await bareRetrLoop({ ...account, ca: server.caCertPem, count });
    const driver = benchDriver();
    const homingSmall = await homingDownload({
      port: server.ports.pop3s,
      user: 'small',
      password: 'small-password',
      fingerprint: server.certFingerprint256,
      count: small,
      driver,
    });
    // Homing and the tools alternate, HOMING_BENCH_ROUNDS times (getmail6 once: over a minute).
    const rounds = benchRounds();
    const homing: Awaited<ReturnType<typeof homingDownload>>[] = [];
    const toolRuns = new Map<string, Pop3ToolRun[]>();
    for (let round = 1; round <= rounds; round++) {
      homing.push(await homingDownload({ ...account, fingerprint: server.certFingerprint256, count, driver }));
      for (const run of runPop3Tools({ ...account, caPath, count }, { getmail: round === 1 }))
        toolRuns.set(run.tool, [...(toolRuns.get(run.tool) ?? []), run]);
    }
    const homingMs = median(homing.map((h) => h.ms));
    const tools = [...toolRuns].map(([tool, runs]) => ({ tool, ...summarizeRuns(runs) }));
    const fastest = Math.min(...tools.map((t) => t.ms ?? Infinity));
    const fullHeap = median(homing.map((h) => h.engineHeapDelta));

    const rows: BenchRow[] = [
      { name: 'mailbox', value: `${count} msgs`, note: mb(bytes) },
      { name: 'bare TLS RETR loop (floor)', value: seconds(floor) },
      {
        name: `Homing → store (Chromium, ${driver})`,
        value: seconds(homingMs),
        note: `${Math.round(count / (homingMs / 1000))} msg/s, ${(bytes / 1e6 / (homingMs / 1000)).toFixed(1)} MB/s, ${spread(homing.map((h) => h.ms))}`,
      },
      ...tools.map((t) => ({
        name: t.tool,
        value: t.ms === null ? 'n/a' : seconds(t.ms),
        note: t.ms === null ? t.note : `Homing is ${(t.ms / homingMs).toFixed(2)}× its speed, ${t.spread}`,
      })),
      {
        name: 'Homing vs fastest tool',
        value: Number.isFinite(fastest) ? `${(fastest / homingMs).toFixed(2)}×` : 'n/a',
        note: '>1 means Homing is faster (medians)',
      },
      { name: 'Homing vs floor', value: `${(homingMs / floor).toFixed(2)}×`, note: 'time ÷ bare socket time' },
      { name: `engine peak heap+buffers growth, ${small} msgs`, value: mb(homingSmall.engineHeapDelta) },
      {
        name: `engine peak heap+buffers growth, ${count} msgs`,
        value: mb(fullHeap),
        note: `${fullHeap >= homingSmall.engineHeapDelta ? '+' : ''}${mb(fullHeap - homingSmall.engineHeapDelta)} for ${count - small} more messages (${mb(bytes - smallBytes)} more mail); in flight: at most 3 batches of ≤ 24 MB`,
      },
      {
        name: `engine peak RSS growth, ${small} / ${count} msgs`,
        value: `${mb(homingSmall.engineRssDelta)} / ${mb(Math.max(...homing.map((h) => h.engineRssDelta)))}`,
        note: `peak ${mb(Math.max(...homing.map((h) => h.enginePeak)))}; the base holds memory seeding freed`,
      },
      { name: 'renderer JS heap after download', value: mb(Math.max(...homing.map((h) => h.rendererHeap))) },
    ];
    return rows;
  } finally {
    await server.stop();
  }
};
