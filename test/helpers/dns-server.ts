import { type ChildProcess, spawn } from 'node:child_process';
import { promises as dnsPromises } from 'node:dns';
import { userInfo } from 'node:os';

import { pickFreePorts } from '../mailserver/net-util';

/**
 * A real DNS server for tests: Debian's dnsmasq on a loopback high port with its own config on the
 * command line (no /etc/dnsmasq.conf, no /etc/hosts, no upstream servers). Everything under the
 * zones in `local` that has no record answers NXDOMAIN, as a real authoritative server would.
 */
export interface DnsRecords {
  /** Exact names → IPv4 address (A record). */
  a?: Record<string, string>;
  mx?: { domain: string; exchange: string; preference?: number }[];
  /** `name` like `_imaps._tcp.example.test`; target "." means "service not offered". */
  srv?: { name: string; target: string; port: number; priority?: number; weight?: number }[];
  /** Zones answered here (default: `test`, the RFC 6761 reserved TLD). */
  local?: string[];
}

export interface DnsServer {
  port: number;
  /** For `Resolver#setServers` and the engine's `resolverServers`. */
  servers: string[];
  stop(): Promise<void>;
}

const READY_NAME = 'ready.dnsmasq.test';

export function dnsmasqArgs(port: number, records: DnsRecords): string[] {
  const args = [
    '--keep-in-foreground',
    `--port=${port}`,
    '--listen-address=127.0.0.1',
    '--bind-interfaces',
    '--no-resolv',
    '--no-hosts',
    '--no-poll',
    '--conf-file=/dev/null',
    '--pid-file=',
    '--log-facility=-',
    // dnsmasq drops root privileges to "nobody" by default; stay the current user instead.
    `--user=${userInfo().username}`,
    `--host-record=${READY_NAME},127.0.0.1`,
  ];
  for (const zone of records.local ?? ['test']) args.push(`--local=/${zone}/`);
  for (const [name, ip] of Object.entries(records.a ?? {})) args.push(`--host-record=${name},${ip}`);
  for (const mx of records.mx ?? []) args.push(`--mx-host=${mx.domain},${mx.exchange},${mx.preference ?? 10}`);
  for (const srv of records.srv ?? []) {
    args.push(
      srv.target === '.'
        ? `--srv-host=${srv.name}`
        : `--srv-host=${srv.name},${srv.target},${srv.port},${srv.priority ?? 0},${srv.weight ?? 0}`,
    );
  }
  return args;
}

export async function startDnsServer(records: DnsRecords = {}): Promise<DnsServer> {
  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const [port] = (await pickFreePorts(1)) as [number];
    const child = spawn('dnsmasq', dnsmasqArgs(port, records), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const ready = await waitReady(port, exited);
    if (ready) {
      return {
        port,
        servers: [`127.0.0.1:${port}`],
        stop: () => stop(child, exited),
      };
    }
    lastError = stderr;
    await stop(child, exited);
    if (!/in use/i.test(stderr)) break;
  }
  throw new Error(`dnsmasq did not start: ${lastError.trim() || 'no output'}`);
}

async function waitReady(port: number, exited: Promise<number | null>): Promise<boolean> {
  const resolver = new dnsPromises.Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (let i = 0; i < 50 && !gone; i++) {
    try {
      const answer = await resolver.resolve4(READY_NAME);
      if (answer.includes('127.0.0.1')) return true;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
