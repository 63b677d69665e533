/**
 * `npm run demo`: Homing with real mail on a fresh machine. Starts the project's own Dovecot
 * (IMAP + POP3 over TLS, on loopback), seeds a realistic mailbox on the first run, and opens the
 * browser host with demo accounts already set up. Everything lives in one folder, kept between runs.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import type { AccountSettingsInput } from '../electron/contract';
import { protocolFactories } from '../electron/engine/protocols';
import { runHost } from '../electron/host/run-host';
import { startDovecot } from '../test/mailserver/dovecot';
import { generateMessages, seedMaildir } from '../test/mailserver/seed';

const PACKAGES = ['dovecot-imapd', 'dovecot-pop3d', 'dovecot-lmtpd'];
// Dovecot reads mail as an unprivileged user, which must be able to walk into this folder; root's
// home is closed to it, so as root the demo lives under /var/lib instead.
const demoDir = process.env.HOMING_DEMO_DIR ?? (process.getuid?.() === 0 ? '/var/lib/homing-demo' : join(homedir(), '.homing-demo'));
const say = (line = '') => process.stdout.write(`${line}\n`);

const ensureDovecot = () => {
  const has = () => spawnSync('sh', ['-c', 'command -v dovecot || test -x /usr/sbin/dovecot'], { stdio: 'ignore' }).status === 0;
  if (has()) return;
  const root = process.getuid?.() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!root || !apt) {
    say('The demo needs Dovecot, the mail server it runs on this computer. Install it with:');
    say(`  sudo apt-get install -y ${PACKAGES.join(' ')}`);
    say('then run `npm run demo` again.');
    process.exit(1);
  }
  say(`Installing ${PACKAGES.join(', ')} from Debian…`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
};

const USERS = [
  { user: 'sam', password: 'demo-imap-password' },
  { user: 'robin', password: 'demo-pop-password' },
];

const main = async () => {
  ensureDovecot();
  mkdirSync(demoDir, { recursive: true });
  // Traversable (not readable) by the mail server's user; the app's own folder inside stays 0700.
  chmodSync(demoDir, 0o711);
  const mailDir = join(demoDir, 'mailserver');
  const appDir = join(demoDir, 'app');
  const firstRun = !existsSync(join(demoDir, 'seeded'));

  const server = await startDovecot({ dir: mailDir, users: USERS });
  if (firstRun) {
    seedMaildir(server, 'sam', generateMessages(400, { seed: 2026, now: new Date() }), { mixedFlags: true });
    seedMaildir(server, 'robin', generateMessages(60, { seed: 1939, now: new Date() }));
    writeFileSync(join(demoDir, 'seeded'), new Date().toISOString());
  }

  const running = await runHost({ dataDir: appDir, build: true });
  const ctx = { clientId: 'demo-setup' };
  const listed = await running.engine.dispatch('accounts:list', {}, ctx);
  const existing = listed.ok ? (listed.value as { id: string; email: string; incoming: AccountSettingsInput['incoming'] }[]) : [];

  const wanted: { settings: AccountSettingsInput; password: string }[] = [
    {
      password: USERS[1]!.password,
      settings: {
        name: 'Robin (POP3 demo)',
        email: 'robin@homing.test',
        mode: 'pop3',
        incoming: {
          host: '127.0.0.1',
          port: server.ports.pop3s,
          security: 'tls',
          username: 'robin',
          trustedFingerprint256: server.certFingerprint256,
        },
        pop3: { policy: { kind: 'keep-days', days: 14 }, headersOnlyAboveKb: null, checkIntervalMinutes: 10 },
      },
    },
  ];
  if (protocolFactories.imap) {
    wanted.unshift({
      password: USERS[0]!.password,
      settings: {
        name: 'Sam (IMAP demo)',
        email: 'sam@homing.test',
        mode: 'imap',
        incoming: {
          host: '127.0.0.1',
          port: server.ports.imaps,
          security: 'tls',
          username: 'sam',
          trustedFingerprint256: server.certFingerprint256,
        },
      },
    });
  }
  for (const w of wanted) {
    const found = existing.find((a) => a.email === w.settings.email);
    // The demo server's ports are chosen afresh each run; keep the demo accounts pointing at them.
    const result = found
      ? await running.engine.dispatch('accounts:update', { accountId: found.id, settings: w.settings }, ctx)
      : await running.engine.dispatch('accounts:add', w, ctx);
    if (!result.ok) say(`Could not set up ${w.settings.email}: ${result.error.message}`);
  }

  // New mail arrives while you watch: one message through the server's real delivery (LMTP).
  const deliverLater = setTimeout(() => {
    const raw = [
      'From: Homing demo <hello@homing.test>',
      'To: Robin <robin@homing.test>, Sam <sam@homing.test>',
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <welcome-${Date.now()}@homing.test>`,
      'Subject: Welcome to Homing — this message just arrived',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'This was delivered by the demo mail server a minute after you started Homing.',
      'Check where it lives: the badge next to it says whether it is on the server, here, or both.',
      '',
    ].join('\r\n');
    void Promise.all(USERS.map((u) => server.deliver(u.user, raw))).catch(() => undefined);
  }, 60_000);

  say('');
  say('Homing demo is running, with its own mail server on this computer.');
  say(`  Open:         ${running.host.url}`);
  say(`  Demo folder:  ${demoDir} (kept between runs; delete it to start over)`);
  say(`  Mail server:  IMAP 127.0.0.1:${server.ports.imaps} · POP3 127.0.0.1:${server.ports.pop3s} (TLS, self-signed)`);
  say(`  Log:          ${join(appDir, 'homing.log')}`);
  say('Press Ctrl+C to stop.');
  if (process.env.DISPLAY)
    spawn('xdg-open', [running.host.url], { stdio: 'ignore', detached: true })
      .on('error', () => undefined)
      .unref();

  const stop = async () => {
    clearTimeout(deliverLater);
    await running.close();
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
};

main().catch((err: unknown) => {
  process.stderr.write(`The demo could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
