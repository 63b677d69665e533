/**
 * `npx tsx bench/mail-window-cli.ts` — runs the mail-window bench alone and prints its table.
 * (bench/run.ts can list it as a suite: `'mail-window': { title, run: benchMailWindow }`.)
 */
import { benchMailWindow } from './mail-window';
import { printTable } from './table';

benchMailWindow().then(
  (rows) => printTable('Mail window over 100,000 messages (issue #6)', rows),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
