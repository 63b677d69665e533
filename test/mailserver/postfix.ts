import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { MailServer } from './dovecot';
import { canConnect, pickFreePorts, readGreeting } from './net-util';
import {
  type PostfixConfigInput,
  type PostfixPorts,
  renderDovecotAuthConfig,
  renderMainCf,
  renderMasterCf,
  renderRecipientAccess,
  renderVirtualMailboxes,
} from './postfix-config';

export type { PostfixPorts } from './postfix-config';

const run = promisify(execFile);

export interface SmtpServer {
  dir: string;
  host: '127.0.0.1';
  ports: PostfixPorts;
  domain: string;
  /** Same self-signed certificate as the Dovecot it delivers to. */
  caCertPem: string;
  certFingerprint256: string;
  /** Current SIZE limit in bytes (0 = none). */
  messageSizeLimit: number;
  logPath: string;
  /** Changes the SIZE limit and reloads Postfix; new sessions see it in EHLO. */
  setMessageSizeLimit(bytes: number): Promise<void>;
  /** Messages still in Postfix's queue (0 once everything reached Dovecot). */
  queueSize(): Promise<number>;
  /** Resolves when the queue is empty, i.e. every accepted message was handed to Dovecot. */
  waitForEmptyQueue(ms?: number): Promise<void>;
  /** Stops Postfix (the auth helper keeps running): new connections are refused. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops Postfix and its auth helper for good and removes the temp dir. */
  close(): Promise<void>;
}

export interface StartPostfixOptions {
  /** Bytes; 0 = no limit. Default 10 MB, like many providers' lower end. */
  messageSizeLimit?: number;
  domain?: string;
  /** Refused at RCPT TO; default nobody@<domain>. */
  rejected?: Record<string, string>;
  keep?: boolean;
}

/**
 * Runs `cmd` under a shell watchdog holding our stdin: if this Node process dies (even SIGKILL),
 * the pipe closes and `onOrphan` runs, so a crashed test run leaves no server behind.
 * POSIX gives background jobs /dev/null as stdin, hence fd 3 (as in dovecot-process.ts).
 */
const watchdog = (cmd: string, onOrphan: string, args: string[]): ChildProcess =>
  spawn(
    'sh',
    [
      '-c',
      `exec 3<&0
${cmd} 3<&- &
pid=$!
(cat <&3 >/dev/null; ${onOrphan}) &
exec 3<&-
wait "$pid"`,
      'homing-postfix',
      ...args,
    ],
    { stdio: ['pipe', 'ignore', 'pipe'], detached: true },
  );

const waitFor = async (what: string, check: () => Promise<boolean>, ms: number, diagnostics: () => string): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not ready in ${ms} ms:\n${diagnostics()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

const tail = (path: string): string => {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
};

/** The auth-only Dovecot for Postfix SASL (see renderDovecotAuthConfig for why it is separate). */
const startAuthHelper = async (dir: string, passwdPath: string): Promise<{ port: number; stop(): Promise<void> }> => {
  const authDir = join(dir, 'auth');
  mkdirSync(authDir, { recursive: true });
  const [port] = (await pickFreePorts(1)) as [number];
  const root = userInfo().uid === 0;
  const me = userInfo().username;
  const conf = join(authDir, 'dovecot.conf');
  writeFileSync(
    conf,
    renderDovecotAuthConfig({
      dir: authDir,
      port,
      passwdPath,
      internalUser: root ? 'root' : me,
      internalGroup: root ? 'root' : me,
    }),
  );
  const child = watchdog('dovecot -F -c "$1"', 'kill -TERM "$pid" 2>/dev/null', [conf]);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.stdin?.end();
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 500);
    await exited;
    clearTimeout(timer);
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // ESRCH: the group is gone
    }
  };
  try {
    await waitFor(
      'dovecot auth',
      () => canConnect(port),
      10_000,
      () => `${stderr}\n${tail(join(authDir, 'dovecot-auth.log'))}`,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, stop };
};

/**
 * A private Postfix (Debian's package) on loopback high ports in front of the test Dovecot: the
 * setup real providers use — submission with required STARTTLS, implicit-TLS submissions, SASL
 * through Dovecot, delivery over LMTP. Must run as root (Postfix's master insists).
 *
 * The Dovecot must have been started with full addresses as user names (`alice@homing.test`),
 * since Postfix's LMTP client names recipients by full address.
 */
export async function startPostfix(dovecot: MailServer, opts: StartPostfixOptions = {}): Promise<SmtpServer> {
  if (userInfo().uid !== 0) throw new Error('the test Postfix needs root (its master daemon refuses to start otherwise)');
  const domain = opts.domain ?? 'homing.test';
  const dir = mkdtempSync(join(tmpdir(), 'homing-postfix-'));
  // Postfix's daemons drop to the `postfix` user and must traverse into queue and data dirs.
  chmodSync(dir, 0o755);
  const etc = join(dir, 'etc');
  mkdirSync(etc, { recursive: true });
  // `postfix check` (run by start) creates the queue's subdirectories, not the queue itself.
  mkdirSync(join(dir, 'queue'), { recursive: true, mode: 0o755 });
  const certPath = join(etc, 'cert.pem');
  const keyPath = join(etc, 'key.pem');
  copyFileSync(join(dovecot.dir, 'tls', 'cert.pem'), certPath);
  copyFileSync(join(dovecot.dir, 'tls', 'key.pem'), keyPath);
  chmodSync(keyPath, 0o600);
  const logPath = join(dir, 'postfix.log');
  let auth: { port: number; stop(): Promise<void> } | undefined;
  let master: ChildProcess | undefined;
  let running = false;

  const mailboxes = dovecot.users.map((u) => u.user).filter((u) => u.endsWith(`@${domain}`));
  const input = (ports: PostfixPorts, limit: number): PostfixConfigInput => ({
    dir,
    ports,
    lmtpPort: dovecot.ports.lmtp,
    authPort: auth?.port ?? 0,
    messageSizeLimit: limit,
    domain,
    mailboxes,
    rejected: opts.rejected ?? { [`nobody@${domain}`]: `5.7.1 nobody@${domain} does not accept mail (test rule)` },
    certPath,
    keyPath,
  });
  const postfix = (args: string[]) => run('postfix', ['-c', etc, ...args], { env: { ...process.env, MAIL_CONFIG: etc } });

  const writeConfig = (ports: PostfixPorts, limit: number) => {
    const c = input(ports, limit);
    writeFileSync(join(etc, 'main.cf'), renderMainCf(c));
    writeFileSync(join(etc, 'master.cf'), renderMasterCf(c));
    writeFileSync(join(etc, 'vmailbox'), renderVirtualMailboxes(c));
    writeFileSync(join(etc, 'recipient_access'), renderRecipientAccess(c));
  };

  const launch = async (ports: PostfixPorts): Promise<void> => {
    // `start-fg` keeps master in the foreground under the watchdog; on orphaning, `abort` ends it.
    master = watchdog('MAIL_CONFIG="$1" postfix -c "$1" start-fg', 'MAIL_CONFIG="$1" postfix -c "$1" abort >/dev/null 2>&1', [etc]);
    let stderr = '';
    master.stderr?.setEncoding('utf8');
    master.stderr?.on('data', (d: string) => (stderr += d));
    let exited = false;
    master.once('exit', () => (exited = true));
    await waitFor(
      'postfix',
      async () => {
        if (exited) throw new Error(`postfix exited:\n${stderr}\n${tail(logPath)}`);
        for (const port of [ports.submission, ports.smtps, ports.plain]) if (!(await canConnect(port))) return false;
        return true;
      },
      20_000,
      () => `${stderr}\n${tail(logPath)}`,
    );
    const greeting = await readGreeting(ports.submission, 10_000);
    if (!greeting.startsWith('220 ')) throw new Error(`unexpected SMTP greeting: ${greeting}`);
    running = true;
  };

  const halt = async (): Promise<void> => {
    if (!running || !master) return;
    running = false;
    const child = master;
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    await postfix(['abort']).catch(() => undefined);
    child.stdin?.end();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    // master -s exits after its children were told; give the listeners a moment to close.
    const deadline = Date.now() + 5_000;
    for (;;) {
      const open = await Promise.all([ports.submission, ports.smtps, ports.plain].map((p) => canConnect(p)));
      if (!open.some(Boolean) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  let ports: PostfixPorts = { submission: 0, smtps: 0, plain: 0 };
  let limit = opts.messageSizeLimit ?? 10 * 1024 * 1024;
  try {
    auth = await startAuthHelper(dir, join(dovecot.dir, 'passwd'));
    for (let attempt = 1; ; attempt++) {
      const [submission, smtps, plain] = (await pickFreePorts(3)) as [number, number, number];
      ports = { submission, smtps, plain };
      writeConfig(ports, limit);
      try {
        await launch(ports);
        break;
      } catch (err) {
        await halt();
        if (attempt >= 3) throw err;
      }
    }
  } catch (err) {
    await halt();
    await auth?.stop();
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  const queueSize = async (): Promise<number> => {
    const { stdout } = await run('postqueue', ['-c', etc, '-j']).catch(() => ({ stdout: '' }));
    return stdout.split('\n').filter((l) => l.trim().startsWith('{')).length;
  };

  const server: SmtpServer = {
    dir,
    host: '127.0.0.1',
    get ports() {
      return ports;
    },
    domain,
    caCertPem: dovecot.caCertPem,
    certFingerprint256: dovecot.certFingerprint256,
    get messageSizeLimit() {
      return limit;
    },
    logPath,
    async setMessageSizeLimit(bytes) {
      limit = bytes;
      writeConfig(ports, limit);
      if (running) await postfix(['reload']);
      // smtpd processes already running finish their sessions with the old value; reload makes
      // new sessions start fresh ones. Give master a moment to recycle its listeners.
      await new Promise((r) => setTimeout(r, 300));
    },
    queueSize,
    async waitForEmptyQueue(ms = 15_000) {
      await waitFor(
        'postfix queue',
        async () => (await queueSize()) === 0,
        ms,
        () => tail(logPath),
      );
    },
    stop: halt,
    async start() {
      if (running) return;
      if (existsSync(join(dir, 'queue', 'pid', 'master.pid'))) rmSync(join(dir, 'queue', 'pid', 'master.pid'), { force: true });
      await launch(ports);
    },
    async close() {
      await halt();
      await auth?.stop();
      if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
