/**
 * Full offline mirror of an IMAP Inbox (every body downloaded and stored): Homing end to end (the
 * engine in this process, the store in Chromium's IndexedDB, as the browser host runs it) against
 * mbsync (isync) and offlineimap from Debian, each on its own cold copy of the same mailbox.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { runHost } from '../electron/host/run-host';
import { type MailServer, startDovecot } from '../test/mailserver/dovecot';
import { generateMessages, seedMaildir } from '../test/mailserver/seed';
import { benchDriver, openBenchPage } from './pop3-chromium';
import { type BenchRow, mb, rssSampler, seconds } from './table';

const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const countFiles = (dir: string): number =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).reduce(
        (n, e) => n + (e.isDirectory() ? countFiles(join(dir, e.name)) : ['new', 'cur'].some((d) => dir.endsWith(`/${d}`)) ? 1 : 0),
        0,
      )
    : 0;

const homingMirror = async (server: MailServer, user: string, count: number) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'homing-bench-mirror-'));
  const app = await runHost({ dataDir, build: false, schedule: false });
  // Without Playwright's Network domain by default (see pop3-chromium.ts): it copies every store
  // batch frame into DevTools events, in the page and in this process, which the app never pays.
  const page = await openBenchPage(app.host.url, benchDriver());
  try {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const rss = rssSampler();
    const started = performance.now();
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
    while ((await stored()) < count) {
      if (Date.now() > deadline) throw new Error(`Homing stored ${await stored()} of ${count} bodies in 10 minutes`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const ms = performance.now() - started;
    loop.disable();
    return { ms, rss: rss.stop(), loopMaxMs: loop.max / 1e6, loopP99Ms: loop.percentile(99) / 1e6 };
  } finally {
    await page.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const tool = (name: string, cmd: string, args: string[], box: string, count: number): BenchRow => {
  if (!have(cmd)) return { name, value: 'n/a', note: `not installed (apt-get install ${cmd === 'mbsync' ? 'isync' : cmd})` };
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 900_000 });
  const ms = performance.now() - t;
  const got = countFiles(box);
  if (r.status !== 0 || got !== count)
    return { name, value: 'n/a', note: `exit ${r.status}, ${got} of ${count}: ${(r.stderr ?? '').trim().split('\n').slice(-1)[0] ?? ''}` };
  return { name, value: seconds(ms), note: `${Math.round(count / (ms / 1000))} msg/s` };
};

export const benchImapMirror = async (count = Number(process.env.HOMING_BENCH_MESSAGES ?? 10_000)): Promise<BenchRow[]> => {
  const users = ['homing', 'mbsync', 'offlineimap'].map((u) => ({ user: `mirror-${u}`, password: `${u}-pw` }));
  const server = await startDovecot({ users });
  const work = mkdtempSync(join(tmpdir(), 'homing-bench-mirror-tools-'));
  try {
    for (const { user } of users) seedMaildir(server, user, generateMessages(count, { seed: 4242 }), { mixedFlags: true });
    const ca = join(work, 'ca.pem');
    writeFileSync(ca, server.caCertPem);

    const homing = await homingMirror(server, 'mirror-homing', count);

    const mbsyncBox = join(work, 'mbsync');
    mkdirSync(mbsyncBox);
    writeFileSync(
      join(work, 'mbsyncrc'),
      `IMAPAccount bench\nHost localhost\nPort ${server.ports.imaps}\nUser mirror-mbsync\nPass mbsync-pw\nSSLType IMAPS\nCertificateFile ${ca}\n\nIMAPStore remote\nAccount bench\n\nMaildirStore local\nPath ${mbsyncBox}/\nInbox ${mbsyncBox}/INBOX\n\nChannel bench\nFar :remote:\nNear :local:\nPatterns INBOX\nCreate Near\nSync Pull\nSyncState *\n`,
      { mode: 0o600 },
    );
    const mbsync = tool('mbsync (isync), pull INBOX', 'mbsync', ['-c', join(work, 'mbsyncrc'), '-q', 'bench'], mbsyncBox, count);

    const oiBox = join(work, 'offlineimap');
    writeFileSync(
      join(work, 'offlineimaprc'),
      `[general]\naccounts = bench\nmetadata = ${join(work, 'oi-meta')}\n\n[Account bench]\nlocalrepository = local\nremoterepository = remote\n\n[Repository local]\ntype = Maildir\nlocalfolders = ${oiBox}\n\n[Repository remote]\ntype = IMAP\nremotehost = localhost\nremoteport = ${server.ports.imaps}\nremoteuser = mirror-offlineimap\nremotepass = offlineimap-pw\nssl = yes\nsslcacertfile = ${ca}\nfolderfilter = lambda f: f == 'INBOX'\nreadonly = True\n`,
      { mode: 0o600 },
    );
    const offlineimap = tool('offlineimap, INBOX', 'offlineimap', ['-c', join(work, 'offlineimaprc'), '-u', 'quiet', '-o'], oiBox, count);

    const mbsyncMs = mbsync.value.endsWith(' s') ? Number.parseFloat(mbsync.value) * 1000 : NaN;
    return [
      { name: 'mailbox', value: `${count} msgs` },
      {
        name: 'Homing full mirror → IndexedDB (Chromium)',
        value: seconds(homing.ms),
        note: `${Math.round(count / (homing.ms / 1000))} msg/s`,
      },
      mbsync,
      offlineimap,
      {
        name: 'Homing vs mbsync',
        value: Number.isFinite(mbsyncMs) ? `${(mbsyncMs / homing.ms).toFixed(2)}×` : 'n/a',
        note: '>1 means Homing is faster',
      },
      { name: 'engine event loop max delay', value: `${homing.loopMaxMs.toFixed(0)} ms`, note: `p99 ${homing.loopP99Ms.toFixed(0)} ms` },
      { name: 'engine peak RSS growth', value: mb(homing.rss.delta), note: `peak ${mb(homing.rss.peak)}` },
    ];
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
};
