/**
 * `npm run bench [-- pop3 imap mail-window]`: performance targets live here, never in timed tests.
 * Each suite starts its own servers and browser, and prints a table. Asked for several, each runs
 * in a process of its own, as the engine does in the app: in one process, what an earlier suite
 * left on the heap was marked at every full GC of the next (the mirror's longest event-loop stall
 * was 113 ms after the header-sync suite, 43 ms alone).
 */
import { spawnSync } from 'node:child_process';

import { buildRenderer } from '../electron/host/run-host';
import { benchImapMirror } from './imap-mirror';
import { benchImapSync } from './imap-sync';
import { benchMailWindow } from './mail-window';
import { benchPop3 } from './pop3-download';
import { type BenchRow, printTable } from './table';

const suites: Record<string, { title: string; run: () => Promise<BenchRow[]> }> = {
  pop3: { title: 'POP3 download into the store (issue #3)', run: () => benchPop3() },
  imap: { title: 'IMAP header sync (issue #4)', run: () => benchImapSync() },
  'imap-mirror': { title: 'IMAP full offline mirror (issue #4)', run: () => benchImapMirror() },
  'mail-window': { title: 'Mail window over 100,000 messages (issue #6)', run: () => benchMailWindow() },
};

/** Set for the suites' own processes: the renderer was built by the process that started them. */
const BUILT = 'HOMING_BENCH_RENDERER_BUILT';

const main = async () => {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : Object.keys(suites);
  const unknown = names.filter((name) => !suites[name]);
  if (unknown.length) {
    process.stderr.write(`Unknown bench "${unknown.join('", "')}". Known: ${Object.keys(suites).join(', ')}\n`);
    process.exit(2);
  }
  // The suites serve the renderer without building it (build: false): build it once here, so a
  // bench never measures a stale bundle.
  if (!process.env[BUILT]) await buildRenderer();
  if (names.length === 1) {
    const suite = suites[names[0]!]!;
    printTable(suite.title, await suite.run());
    return;
  }
  for (const name of names) {
    // The same node, loader flags (tsx) and script, with one suite.
    const run = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, name], {
      stdio: 'inherit',
      env: { ...process.env, [BUILT]: '1' },
    });
    if (run.status !== 0) throw new Error(`the ${name} bench failed (${run.signal ?? `exit ${run.status}`})`);
  }
};

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
