/**
 * IMAP header sync of 10,000 seeded messages: Homing's worker against a bare imapflow FETCH loop of
 * the same fields on the same server, each on its own (cold) mailbox.
 *
 *   node --expose-gc --import tsx bench/imap-sync.ts   (or wire `benchImapSync` into bench/run.ts)
 *
 * Rows: time until the newest 50 are committed, time until all are, the event loop's worst delay
 * while syncing (the engine shares its loop with everything else in the main process), peak RSS.
 */
// The store writer runs on Dexie, which needs IndexedDB; in Node that is fake-indexeddb.
import 'fake-indexeddb/auto';

import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';

import { ImapFlow } from 'imapflow';

import type { Account, StoreAnswers, StoreRequest } from '../electron/contract';
import { tuneHeapForStreaming } from '../electron/engine/heap-tuning';
import { headerQuery } from '../electron/engine/imap/message-mapper';
import { createImapWorker } from '../electron/engine/imap/worker';
import { createLogger } from '../electron/engine/log';
import type { StorePort } from '../electron/engine/store-port/store-port';
import { directStore } from '../test/helpers/direct-store';
import { type MailServer, startDovecot } from '../test/mailserver/dovecot';
import { generateMessages, seedMaildir } from '../test/mailserver/seed';
import {
  beforeTimedRun,
  benchRounds,
  type BenchRow,
  loopStallMonitor,
  mb,
  median,
  memorySampler,
  printTable,
  seconds,
  spread,
} from './table';

const COUNT = Number(process.env.IMAP_BENCH_COUNT ?? 10_000);
const log = createLogger({ file: '/dev/null', echo: false });

interface Run {
  first50Ms: number;
  allMs: number;
  loopMaxMs: number;
  loopP99Ms: number;
  rssPeak: number;
}

/** Runs `body` while watching the event loop and RSS. */
const measured = async (body: (mark: () => void) => Promise<void>): Promise<Run> => {
  beforeTimedRun();
  const loop = loopStallMonitor();
  const memory = memorySampler();
  const started = performance.now();
  let first = Number.NaN;
  await body(() => {
    if (Number.isNaN(first)) first = performance.now() - started;
  });
  const allMs = performance.now() - started;
  const stalls = loop.stop();
  return { first50Ms: first, allMs, loopMaxMs: stalls.maxMs, loopP99Ms: stalls.p99Ms, rssPeak: memory.stop().peak };
};

const account = (server: MailServer, user: string): Account => ({
  id: `bench-${user}`,
  createdAt: 0,
  name: 'Bench',
  email: `${user}@homing.test`,
  mode: 'imap',
  incoming: {
    host: server.host,
    port: server.ports.imaps,
    security: 'tls',
    username: user,
    allowCleartextPassword: false,
    trustedFingerprint256: server.certFingerprint256,
  },
  imap: { offline: { kind: 'headers-only' }, attachmentCapKb: 10_240, checkIntervalMinutes: 600 },
});

/** A store that acknowledges at once: the engine's own cost, without any database. */
const instantStore = (): StorePort => ({
  async request<R extends StoreRequest>(request: R): Promise<StoreAnswers[R['kind']]> {
    const answers: { [K in StoreRequest['kind']]: StoreAnswers[K] } = {
      apply: { committed: true },
      readPopState: [],
      readImapFolderStates: [],
      readSource: null,
      readFolderMessageIds: [],
      prepareSort: { ready: true },
    };
    return answers[request.kind] as StoreAnswers[R['kind']];
  },
});

const homing = async (server: MailServer, user: string, store: StorePort & { afterCommit?: (r: StoreRequest) => void }): Promise<Run> => {
  let onPut: () => void = () => undefined;
  let puts = 0;
  const watched: StorePort = {
    async request(req) {
      const answer = await store.request(req);
      if (req.kind === 'apply' && req.batch.ops.some((o) => o.op === 'putMessages')) {
        puts++;
        onPut();
      }
      return answer;
    },
  };
  const worker = createImapWorker({
    account: account(server, user),
    password: async () => server.users.find((u) => u.user === user)?.password ?? '',
    store: watched,
    status: () => undefined,
    progress: () => undefined,
    log,
    now: Date.now,
    freeDiskBytes: async () => 1e12,
    checkIntervalMs: 0,
    ...(process.env.IMAP_BENCH_CHUNK ? { tuning: { chunk: Number(process.env.IMAP_BENCH_CHUNK) } } : {}),
  });
  try {
    return await measured(async (mark) => {
      onPut = () => {
        if (puts === 1) mark();
      };
      await worker.syncNow();
    });
  } finally {
    await worker.stop();
  }
};

/** The floor: one imapflow session fetching the same items, newest 50 first, storing nothing. */
const bareLoop = async (server: MailServer, user: string): Promise<Run> =>
  measured(async (mark) => {
    const client = new ImapFlow({
      host: server.host,
      port: server.ports.imaps,
      secure: true,
      auth: { user, pass: server.users.find((u) => u.user === user)?.password ?? '' },
      tls: { ca: server.caCertPem },
      logger: false,
      disableAutoIdle: true,
    });
    await client.connect();
    try {
      const mailbox = await client.mailboxOpen('INBOX');
      // The very fields Homing fetches (issue #4: "a bare imapflow loop fetching the same fields").
      const query = headerQuery;
      const split = Math.max(1, mailbox.exists - 49);
      let n = 0;
      for await (const msg of client.fetch(`${split}:*`, query)) n += msg.uid > 0 ? 1 : 0;
      mark();
      if (split > 1) for await (const msg of client.fetch(`1:${split - 1}`, query)) n += msg.uid > 0 ? 1 : 0;
      if (n !== mailbox.exists) throw new Error(`bare loop fetched ${n} of ${mailbox.exists}`);
    } finally {
      await client.logout();
    }
  });

/** The median of each measure over `runs` (each run's own value, not one run's row). */
const medianRun = (runs: Run[]): Run => ({
  first50Ms: median(runs.map((r) => r.first50Ms)),
  allMs: median(runs.map((r) => r.allMs)),
  loopMaxMs: median(runs.map((r) => r.loopMaxMs)),
  loopP99Ms: median(runs.map((r) => r.loopP99Ms)),
  rssPeak: median(runs.map((r) => r.rssPeak)),
});

const rows = (name: string, runs: Run[]): BenchRow[] => {
  const r = medianRun(runs);
  return [
    { name: `${name}: newest 50 committed`, value: seconds(r.first50Ms) },
    {
      name: `${name}: all ${COUNT} committed`,
      value: seconds(r.allMs),
      note: `${Math.round(COUNT / (r.allMs / 1000))} msg/s, ${spread(runs.map((x) => x.allMs))}`,
    },
    {
      name: `${name}: event loop max delay`,
      value: `${r.loopMaxMs.toFixed(0)} ms`,
      note: `p99 ${r.loopP99Ms.toFixed(0)} ms${runs.length > 1 ? `, worst ${Math.max(...runs.map((x) => x.loopMaxMs)).toFixed(0)} ms` : ''}`,
    },
    { name: `${name}: peak RSS`, value: mb(r.rssPeak) },
  ];
};

/** Seeds in slices so the generated bytes die young instead of piling up into one big GC later. */
const seedInChunks = (server: MailServer, user: string): void => {
  let chunk: Buffer[] = [];
  let n = 0;
  for (const raw of generateMessages(COUNT, { seed: 99 })) {
    chunk.push(raw);
    if (chunk.length === 500) {
      seedMaildir(server, user, chunk, { mixedFlags: true, seed: ++n });
      chunk = [];
    }
  }
  if (chunk.length) seedMaildir(server, user, chunk, { mixedFlags: true, seed: ++n });
};

export async function benchImapSync(): Promise<BenchRow[]> {
  // Each run meets a cold mailbox, as a first sync does: one user per run, identical mail.
  const rounds = benchRounds();
  const floorUsers = Array.from({ length: rounds }, (_, i) => `floor${i + 1}`);
  const engineUsers = Array.from({ length: rounds }, (_, i) => `engine${i + 1}`);
  const users = [...floorUsers, ...engineUsers, 'writer'].map((user) => ({ user, password: `${user}-pw` }));
  const server = await startDovecot({ users });
  try {
    for (const { user } of users) seedInChunks(server, user);
    // The process is set up as the engine's is (createEngine does this); the floor shares it.
    tuneHeapForStreaming();
    // Floor and Homing alternate, HOMING_BENCH_ROUNDS times: single runs moved the ratio 1.16-1.50×.
    const floor: Run[] = [];
    const engine: Run[] = [];
    for (let round = 0; round < rounds; round++) {
      floor.push(await bareLoop(server, floorUsers[round]!));
      engine.push(await homing(server, engineUsers[round]!, instantStore()));
    }
    const writer = await homing(server, 'writer', directStore(`homing-bench-${process.pid}`));
    return [
      {
        name: 'machine load (1-min average, cores)',
        value: loadavg()[0]?.toFixed(1) ?? '?',
        note: `${cpus().length} cores; numbers above 1 per core are noisy`,
      },
      ...rows('bare imapflow FETCH loop', floor),
      ...rows('Homing worker, instant-ack store', engine),
      {
        name: 'Homing ÷ floor, all committed',
        value: `${(medianRun(engine).allMs / medianRun(floor).allMs).toFixed(2)}×`,
        note: 'target ≤ 1.3× (medians)',
      },
      ...rows('Homing worker + store writer (fake-indexeddb)', [writer]),
    ];
  } finally {
    await server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchImapSync()
    .then((r) => printTable(`IMAP header sync of ${COUNT} messages`, r))
    .catch((err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    });
}
