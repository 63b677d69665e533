// Runs a private Dovecot for the demo and for debugging CI by hand:
//   npx tsx test/mailserver/cli.ts start [--dir DIR] [--seed COUNT] [--user NAME] [--keep]
// Prints one JSON line with everything a client needs, then serves until SIGINT/SIGTERM.
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { startDovecot } from './dovecot';
import { generateMessages, seedMaildir } from './seed';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      seed: { type: 'string', default: '0' },
      user: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  if (positionals[0] !== 'start') {
    process.stderr.write('usage: cli.ts start [--dir DIR] [--seed COUNT] [--user NAME] [--keep]\n');
    process.exitCode = 2;
    return;
  }
  const count = Number(values.seed);
  if (!Number.isInteger(count) || count < 0) throw new Error(`--seed wants a message count, got ${values.seed}`);

  const server = await startDovecot({ ...(values.dir ? { dir: values.dir } : {}), keep: values.keep });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= server.stop());
  try {
    const user = values.user ?? server.users[0]?.user ?? 'alice';
    // Dated up to today so the demo mailbox looks current.
    if (count > 0) seedMaildir(server, user, generateMessages(count, { now: new Date() }), { mixedFlags: true });
    process.stdout.write(
      JSON.stringify({
        dir: server.dir,
        host: server.host,
        ports: server.ports,
        users: server.users,
        caCertPath: join(server.dir, 'tls', 'cert.pem'),
        certFingerprint256: server.certFingerprint256,
        logPath: server.logPath,
        seeded: { user, count },
      }) + '\n',
    );
  } catch (err) {
    await stop();
    throw err;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stop();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
