/**
 * `npm run bench [-- pop3 imap mail-window]`: performance targets live here, never in timed tests.
 * Each suite starts its own servers and browser, and prints a table.
 */
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

const main = async () => {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : Object.keys(suites);
  // The suites serve the renderer without building it (build: false): build it once here, so a
  // bench never measures a stale bundle.
  await buildRenderer();
  for (const name of names) {
    const suite = suites[name];
    if (!suite) {
      process.stderr.write(`Unknown bench "${name}". Known: ${Object.keys(suites).join(', ')}\n`);
      process.exit(2);
    }
    printTable(suite.title, await suite.run());
  }
};

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
