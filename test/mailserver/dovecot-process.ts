import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { canConnect, readGreeting } from './net-util';

/**
 * Runs `dovecot -F` under a tiny shell watchdog that holds our stdin: when this Node process ends
 * for any reason (even SIGKILL) the pipe closes and the watchdog stops Dovecot, so a crashed test
 * run cannot leave orphan servers behind. POSIX gives background jobs /dev/null as stdin, hence fd 3.
 */
const WATCHDOG = `exec 3<&0
dovecot -F -c "$1" 3<&- &
pid=$!
(cat <&3 >/dev/null; kill -TERM "$pid" 2>/dev/null) &
exec 3<&-
wait "$pid"`;

export class DovecotProcess {
  private exitCode: number | null | undefined;
  private readonly exited: Promise<void>;
  private stderr = '';

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        this.exitCode = code;
        resolve();
      });
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (this.stderr += chunk));
  }

  static spawn(confPath: string): DovecotProcess {
    return new DovecotProcess(
      // Own process group, so stop() can reap every Dovecot child at once.
      spawn('sh', ['-c', WATCHDOG, 'homing-dovecot', confPath], { stdio: ['pipe', 'ignore', 'pipe'], detached: true }),
    );
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /**
   * Resolves once every port accepts and the IMAP login process greets us, which also means the auth
   * process is up. Rejects with Dovecot's own words (stderr + log) if it exits or stalls.
   */
  async waitReady(ports: number[], logPath: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const pending = new Set(ports);
    while (pending.size > 0) {
      if (!this.running) throw new Error(`dovecot exited with ${this.exitCode}: ${this.diagnostics(logPath)}`);
      if (Date.now() > deadline) throw new Error(`dovecot not ready in ${timeoutMs} ms: ${this.diagnostics(logPath)}`);
      for (const port of [...pending]) {
        if (await canConnect(port)) pending.delete(port);
      }
      if (pending.size > 0) await new Promise((r) => setTimeout(r, 10));
    }
    const greeting = await readGreeting(ports[0] ?? 0, Math.max(1, deadline - Date.now()));
    if (!greeting.startsWith('* OK')) throw new Error(`unexpected IMAP greeting: ${greeting}`);
  }

  diagnostics(logPath: string): string {
    let log = '';
    try {
      log = readFileSync(logPath, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      // No log yet: the config was rejected before logging started; stderr has the reason.
    }
    return `${this.stderr.trim()}\n${log}`.trim();
  }

  /**
   * Closing stdin makes the watchdog send SIGTERM, so sessions end the way they do on a real shutdown.
   * The master then lingers 1–6 s for its log process; nothing of value happens in that time, so after
   * a grace period the whole process group is killed. Dovecot's Maildir and index writes are crash-safe.
   */
  async stop(graceMs = 300): Promise<void> {
    if (!this.running) return;
    this.child.stdin?.end();
    const timer = setTimeout(() => this.killGroup(), graceMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
    // Dovecot may exit before a child does; the group kill also reaps those stragglers.
    this.killGroup();
  }

  private killGroup(): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // ESRCH: the group is already gone.
    }
  }
}
