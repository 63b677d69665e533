import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { type DovecotAccounts, type DovecotPorts, renderDovecotConfig, renderPasswdFile } from './dovecot-config';
import { DovecotProcess } from './dovecot-process';
import { lmtpDeliver } from './lmtp-client';
import { ensureMaildir, type MaildirFile, type MaildirWrite, type MailOwner, writeMaildirFile } from './maildir';
import { pickFreePorts } from './net-util';
import { ensureTestCert } from './tls-cert';

export type { DovecotPorts } from './dovecot-config';
export type { MaildirFile } from './maildir';

export interface MailUser {
  user: string;
  password: string;
  /** The server refuses even the right password with these words (e.g. "Application-specific password required"). */
  refusal?: string;
  /** No mailbox size limit for this user (the server's 1 GB rule does not apply). */
  noQuota?: boolean;
}

export interface MailServer {
  dir: string;
  host: '127.0.0.1';
  ports: DovecotPorts;
  /** The self-signed server certificate; pass as `ca` so clients trust exactly this server. */
  caCertPem: string;
  certFingerprint256: string;
  users: MailUser[];
  logPath: string;
  maildir(user: string): string;
  /**
   * Real delivery through Dovecot's LMTP, so IDLE clients are notified as for any new mail.
   * NOT byte-exact: Dovecot always prepends `Return-Path: <from>\r\n` (from defaults to '' → `<>`),
   * even if `raw` has one. Stored bytes are exactly that line + `raw` when `raw` is CRLF-only and
   * ends with CRLF. Use writeToMaildir when the test compares bytes.
   */
  deliver(user: string, raw: Buffer | string, opts?: { from?: string }): Promise<void>;
  /** Byte-exact: drops `raw` untouched into the user's Maildir (default `new/`). */
  writeToMaildir(user: string, raw: Buffer | string, opts?: Partial<Omit<MaildirWrite, 'bytes'>>): MaildirFile;
  /** `doveadm -c <conf> …`, for server-side actions in tests (expunge, flag, force-resync). */
  doveadm(args: string[]): Promise<string>;
  stop(): Promise<void>;
  /** Stops and starts Dovecot on the same dir, ports, users and certificate. */
  restart(): Promise<void>;
}

export interface StartDovecotOptions {
  /** Reused if it exists (mail and certificate survive); otherwise a temp dir removed by stop(). */
  dir?: string;
  users?: MailUser[];
  /** Keep a temp dir after stop() for post-mortem reading. */
  keep?: boolean;
}

export const DEFAULT_USERS: readonly MailUser[] = [
  { user: 'alice', password: 'alice-password' },
  { user: 'bob', password: 'bob-password' },
];

const run = promisify(execFile);
const BIND_ATTEMPTS = 5;

export async function startDovecot(opts: StartDovecotOptions = {}): Promise<MailServer> {
  const ownDir = opts.dir === undefined;
  const dir = ownDir ? mkdtempSync(join(tmpdir(), 'homing-dovecot-')) : resolve(opts.dir ?? '');
  // Unix socket paths under base_dir are limited to 108 bytes; "run/token-login/tokenlogin" is the longest.
  if (dir.length > 70) throw new Error(`dovecot dir path too long for its sockets (${dir.length} > 70): ${dir}`);
  const users = (opts.users ?? DEFAULT_USERS).map((u) => ({ ...u }));
  const accounts = accountsFor();
  const owner: MailOwner | undefined =
    accounts.mailUid === undefined ? undefined : { uid: accounts.mailUid, gid: accounts.mailGid ?? accounts.mailUid };
  const confPath = join(dir, 'dovecot.conf');
  const logPath = join(dir, 'dovecot.log');
  let dovecot: DovecotProcess | undefined;
  try {
    mkdirSync(join(dir, 'mail'), { recursive: true });
    // The mail processes run as an unprivileged uid under root and must traverse into their Maildirs.
    chmodSync(dir, 0o711);
    chmodSync(join(dir, 'mail'), 0o711);
    writeFileSync(join(dir, 'passwd'), renderPasswdFile(users), { mode: 0o600 });
    const maildir = (user: string): string => join(dir, 'mail', user, 'Maildir');
    for (const { user } of users) ensureMaildir(maildir(user), owner);
    const cert = await ensureTestCert(dir);

    let ports: DovecotPorts | undefined;
    for (let attempt = 1; ports === undefined; attempt++) {
      const [imap, imaps, pop3, pop3s, lmtp] = (await pickFreePorts(5)) as [number, number, number, number, number];
      const candidate = { imap, imaps, pop3, pop3s, lmtp };
      writeFileSync(confPath, renderDovecotConfig({ dir, instanceName: basename(dir), ports: candidate, accounts }));
      dovecot = await launch(confPath, candidate, logPath).catch((err: unknown) => {
        // Another process can grab a port between our probe and Dovecot's bind; pick new ones.
        if (attempt < BIND_ATTEMPTS && String(err).includes('Address already in use')) return undefined;
        throw err;
      });
      if (dovecot) ports = candidate;
    }
    const fixedPorts = ports;

    const server: MailServer = {
      dir,
      host: '127.0.0.1',
      ports: fixedPorts,
      caCertPem: cert.certPem,
      certFingerprint256: cert.fingerprint256,
      users,
      logPath,
      maildir(user) {
        if (!users.some((u) => u.user === user)) throw new Error(`unknown test user: ${user}`);
        return maildir(user);
      },
      async deliver(user, raw, deliverOpts) {
        await lmtpDeliver({
          port: fixedPorts.lmtp,
          recipient: user,
          from: deliverOpts?.from ?? '',
          raw: toBuffer(raw),
        });
      },
      writeToMaildir(user, raw, writeOpts) {
        return writeMaildirFile(server.maildir(user), owner, { folder: 'new', ...writeOpts, bytes: toBuffer(raw) });
      },
      async doveadm(args) {
        const { stdout } = await run('doveadm', ['-c', confPath, ...args]);
        return stdout;
      },
      async stop() {
        await dovecot?.stop();
        if (ownDir && !opts.keep) rmSync(dir, { recursive: true, force: true });
      },
      async restart() {
        await dovecot?.stop();
        dovecot = await launch(confPath, fixedPorts, logPath);
      },
    };
    return server;
  } catch (err) {
    await dovecot?.stop();
    if (ownDir && !opts.keep) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function launch(confPath: string, ports: DovecotPorts, logPath: string): Promise<DovecotProcess> {
  // Our previous master is dead, but until init reaps it its pid still answers kill(0), and Dovecot
  // would refuse to start with "already running" (seen on restart() in containers).
  rmSync(join(dirname(confPath), 'run', 'master.pid'), { force: true });
  const dovecot = DovecotProcess.spawn(confPath);
  try {
    await dovecot.waitReady([ports.imap, ports.imaps, ports.pop3, ports.pop3s, ports.lmtp], logPath);
    return dovecot;
  } catch (err) {
    await dovecot.stop();
    throw err;
  }
}

/**
 * Dovecot refuses root in two places: login processes ("must not be run as root") and mail access
 * (imap/pop3 hard-code "Mail access not allowed for root"; first_valid_uid = 0 does not help). So as
 * root, logins run as Debian's `dovenull` and mail as `nobody`; everything else may stay root.
 * Not root: every process is simply the current user.
 */
function accountsFor(): DovecotAccounts {
  const me = userInfo();
  if (me.uid !== 0) {
    const group = lookupGroupName(me.gid);
    if (!group) throw new Error(`no group name for gid ${me.gid}; Dovecot needs one for its internal sockets`);
    return { internalUser: me.username, internalGroup: group, loginUser: me.username };
  }
  const nobody = lookupUser('nobody');
  if (!nobody) throw new Error('running as root needs a "nobody" user for Dovecot mail processes');
  return {
    internalUser: 'root',
    internalGroup: 'root',
    loginUser: lookupUser('dovenull') ? 'dovenull' : 'nobody',
    mailUid: nobody.uid,
    mailGid: nobody.gid,
  };
}

function lookupUser(name: string): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  return uid === undefined || gid === undefined ? undefined : { uid: Number(uid), gid: Number(gid) };
}

function lookupGroupName(gid: number): string | undefined {
  return readFileSync('/etc/group', 'utf8')
    .split('\n')
    .map((l) => l.split(':'))
    .find((fields) => fields[2] === String(gid))?.[0];
}

function toBuffer(raw: Buffer | string): Buffer {
  return typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
}
