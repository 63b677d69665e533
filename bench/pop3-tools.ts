import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The POP3 downloaders people use today, each configured to keep mail on the server. */
export interface ToolRun {
  tool: string;
  ms: number | null;
  note: string;
}

const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

const timed = (cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; ok: boolean; err: string } => {
  const t = performance.now();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  return { ms: performance.now() - t, ok: r.status === 0, err: `${r.stderr ?? ''}`.trim().split('\n').slice(-2).join(' ') };
};

const maildir = (root: string) => {
  for (const d of ['new', 'cur', 'tmp']) mkdirSync(join(root, d), { recursive: true });
  return root;
};

export const runPop3Tools = (opts: { port: number; user: string; password: string; caPath: string }): ToolRun[] => {
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
      runs.push({ tool: 'mpop (maildir, keep)', ms: r.ok ? r.ms : null, note: r.ok ? '' : r.err });
    } else runs.push({ tool: 'mpop', ms: null, note: 'not installed (apt-get install mpop)' });

    if (have('fetchmail')) {
      const rc = join(work, 'fetchmailrc');
      writeFileSync(
        rc,
        `set no syslog\npoll 127.0.0.1 with proto POP3 port ${opts.port} auth password\n  user '${opts.user}' there with password '${opts.password}' is 'root' here\n  options ssl sslcertck sslcertfile '${opts.caPath}' keep fetchall\n  bsmtp '${join(work, 'fetchmail.bsmtp')}'\n`,
        { mode: 0o600 },
      );
      const r = timed('fetchmail', ['-f', rc, '--idfile', join(work, 'fetchids'), '--pidfile', join(work, 'fetchmail.pid'), '-s'], {
        ...process.env,
        FETCHMAILHOME: work,
      });
      // fetchmail exits 0 when mail was fetched, 1 when there was none.
      runs.push({ tool: 'fetchmail (bsmtp, keep)', ms: r.ok ? r.ms : null, note: r.ok ? '' : r.err });
    } else runs.push({ tool: 'fetchmail', ms: null, note: 'not installed (apt-get install fetchmail)' });

    if (have('getmail')) {
      const dir = join(work, 'getmail');
      mkdirSync(dir);
      const box = maildir(join(work, 'getmail-maildir'));
      writeFileSync(
        join(dir, 'getmailrc'),
        `[retriever]\ntype = SimplePOP3SSLRetriever\nserver = 127.0.0.1\nport = ${opts.port}\nusername = ${opts.user}\npassword = ${opts.password}\nca_certs = ${opts.caPath}\n\n[destination]\ntype = Maildir\npath = ${box}/\n\n[options]\nread_all = true\ndelete = false\nverbose = 0\n`,
        { mode: 0o600 },
      );
      const r = timed('getmail', [`--getmaildir=${dir}`, '--rcfile=getmailrc', '--quiet']);
      runs.push({ tool: 'getmail6 (maildir, keep)', ms: r.ok ? r.ms : null, note: r.ok ? '' : r.err });
    } else runs.push({ tool: 'getmail6', ms: null, note: 'not installed (apt-get install getmail6)' });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return runs;
};
