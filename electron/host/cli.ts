import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { runHost } from './run-host';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: join(homedir(), '.homing') },
    port: { type: 'string' },
    open: { type: 'boolean', default: true },
    'no-build': { type: 'boolean', default: false },
  },
});

const main = async () => {
  const dataDir = values['data-dir']!;
  const running = await runHost({ dataDir, build: !values['no-build'], ...(values.port ? { port: Number(values.port) } : {}) });
  process.stdout.write(
    `\nHoming is running in the browser host.\n  Open:      ${running.host.url}\n  Data:      ${dataDir}\n  Log:       ${join(dataDir, 'homing.log')}\nPress Ctrl+C to stop.\n`,
  );
  if (values.open && process.env.DISPLAY) spawn('xdg-open', [running.host.url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

main().catch((err: unknown) => {
  process.stderr.write(`Homing could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
