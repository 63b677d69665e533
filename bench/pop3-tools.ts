import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeTimedRun, type ToolRun as TimedRun } from './table';

/** The POP3 downloaders people use today, each configured to keep mail on the server. */
export interface ToolRun extends TimedRun {
  tool: string;
}

const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

const timed = (cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; ok: boolean; err: string } => {
  beforeTimedRun();
  const t = performance.now();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  return { ms: performance.now() - t, ok: r.status === 0, err: `${r.stderr ?? ''}`.trim().split('\n').slice(-2).join(' ') };
};

const maildir = (root: string) => {
  for (const d of ['new', 'cur', 'tmp']) mkdirSync(join(root, d), { recursive: true });
  return root;
};

/** How many messages a tool really delivered, so a tool that silently fetched nothing cannot "win". */
const delivered = (box: string) =>
  ['new', 'cur'].reduce((n, d) => n + (existsSync(join(box, d)) ? readdirSync(join(box, d)).length : 0), 0);
const verdict = (ok: boolean, got: number, want: number, err: string) => (!ok ? err : got === want ? '' : `delivered ${got} of ${want}`);

/**
 * One run of each tool, each with fresh state (a new UIDL file and mailbox), so each downloads
 * everything. `getmail: false` leaves out getmail6, which takes over a minute for 10,000.
 */
export const runPop3Tools = (
  opts: { port: number; user: string; password: string; caPath: string; count: number },
  { getmail = true }: { getmail?: boolean } = {},
): ToolRun[] => {
  const work = mkdtempSync(join(tmpdir(), 'homing-bench-tools-'));
  const runs: ToolRun[] = [];
  try {
    if (have('mpop')) {
      const rc = join(work, 'mpoprc');
      const box = maildir(join(work, 'mpop-maildir'));
      writeFileSync(
        rc,
        `account default\nhost 127.0.0.1\nport ${opts.port}\ntls on\ntls_starttls off\ntls_trust_file ${opts.caPath}\nauth user\nuser ${opts.user}\npassword ${opts.password}\nkeep on\ndelivery maildir ${box}\nuidls_file ${join(work, 'mpop-uidls')}\n`,
        { mode: 0o600 },
      );
      const r = timed('mpop', [`--file=${rc}`, '-q']);
      const note = verdict(r.ok, delivered(box), opts.count, r.err);
      runs.push({ tool: 'mpop (maildir, keep)', ms: note ? null : r.ms, note });
    } else runs.push({ tool: 'mpop', ms: null, note: 'not installed (apt-get install mpop)' });

    if (have('fetchmail')) {
      const rc = join(work, 'fetchmailrc');
      writeFileSync(
        rc,
        `set no syslog\npoll localhost with proto POP3 port ${opts.port} auth password\n  user '${opts.user}' there with password '${opts.password}' is 'root' here\n  options ssl sslcertck sslcertfile '${opts.caPath}' keep fetchall\n  bsmtp '${join(work, 'fetchmail.bsmtp')}'\n`,
        { mode: 0o600 },
      );
      const r = timed('fetchmail', ['-f', rc, '--idfile', join(work, 'fetchids'), '--pidfile', join(work, 'fetchmail.pid'), '-s'], {
        ...process.env,
        FETCHMAILHOME: work,
      });
      // fetchmail exits 0 when mail was fetched, 1 when there was none. It checks the certificate
      // against the polled name, and the test certificate names localhost.
      const bsmtp = join(work, 'fetchmail.bsmtp');
      const got = existsSync(bsmtp) ? (readFileSync(bsmtp, 'latin1').match(/^MAIL FROM:/gm) ?? []).length : 0;
      const note = verdict(r.ok, got, opts.count, r.err);
      runs.push({ tool: 'fetchmail (bsmtp, keep)', ms: note ? null : r.ms, note });
    } else runs.push({ tool: 'fetchmail', ms: null, note: 'not installed (apt-get install fetchmail)' });

    if (getmail && have('getmail')) {
      const dir = join(work, 'getmail');
      mkdirSync(dir);
      const box = maildir(join(work, 'getmail-maildir'));
      // getmail refuses to deliver as root; its Maildir destination switches to this user instead.
      const asRoot = process.getuid?.() === 0;
      if (asRoot) {
        spawnSync('chmod', ['755', work]);
        spawnSync('chown', ['-R', 'nobody', box]);
      }
      writeFileSync(
        join(dir, 'getmailrc'),
        `[retriever]\ntype = SimplePOP3SSLRetriever\nserver = 127.0.0.1\nport = ${opts.port}\nusername = ${opts.user}\npassword = ${opts.password}\nca_certs = ${opts.caPath}\n\n[destination]\ntype = Maildir\npath = ${box}/\n${asRoot ? 'user = nobody\n' : ''}\n[options]\nread_all = true\ndelete = false\nverbose = 0\n`,
        { mode: 0o600 },
      );
      const r = timed('getmail', [`--getmaildir=${dir}`, '--rcfile=getmailrc', '--quiet']);
      const note = verdict(r.ok, delivered(box), opts.count, r.err);
      runs.push({ tool: 'getmail6 (maildir, keep)', ms: note ? null : r.ms, note });
    } else if (getmail) runs.push({ tool: 'getmail6', ms: null, note: 'not installed (apt-get install getmail6)' });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return runs;
};
