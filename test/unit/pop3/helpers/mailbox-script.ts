import { createHash } from 'node:crypto';

import type { ServerSession } from './script-server';

/** Dot-stuffs a message for the wire (RFC 1939 §3) and appends the terminating line. */
export function stuff(message: Buffer): Buffer {
  const out: number[] = [];
  let lineStart = true;
  for (const byte of message) {
    if (lineStart && byte === 0x2e) out.push(0x2e);
    out.push(byte);
    lineStart = byte === 0x0a;
  }
  if (!lineStart) out.push(0x0d, 0x0a);
  return Buffer.concat([Buffer.from(out), Buffer.from('.\r\n')]);
}

export interface MailboxState {
  messages: Buffer[];
  /** Message numbers marked with DELE this session. */
  marked: Set<number>;
  /** Message numbers removed by a successful QUIT. */
  removed: number[];
  loggedIn: boolean;
}

/** What an override returns: 'stop' ends the script (the connection stays as it is). */
export type Override = (args: string, session: ServerSession, box: MailboxState) => void | 'stop' | Promise<void | 'stop'>;

export interface MailboxOptions {
  greeting?: string;
  /** CAPA lines; null makes CAPA answer -ERR (a pre-RFC 2449 server). */
  capa?: string[] | null;
  user?: string;
  pass?: string;
  messages?: Buffer[];
  /** For STLS: the certificate the server switches to. */
  tls?: { key: string; cert: string };
  /** Replaces the built-in handling of a verb (upper case). */
  on?: Record<string, Override>;
}

export const defaultCapa = ['TOP', 'UIDL', 'RESP-CODES', 'AUTH-RESP-CODE', 'USER', 'SASL PLAIN', 'PIPELINING'];

export const uidOf = (msgno: number): string => `uid-${msgno}`;

/** A small but correct POP3 server script with one mailbox, which tests bend with `on` overrides. */
export function mailboxScript(opts: MailboxOptions = {}): { script: (s: ServerSession) => Promise<void>; box: MailboxState } {
  const box: MailboxState = { messages: opts.messages ?? [], marked: new Set(), removed: [], loggedIn: false };
  const user = opts.user ?? 'alice';
  const pass = opts.pass ?? 'secret';
  const greeting = opts.greeting ?? '+OK test POP3 ready <4711.1@test.example>';
  const exists = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= box.messages.length && !box.marked.has(n);

  const script = async (s: ServerSession): Promise<void> => {
    s.send(`${greeting}\r\n`);
    let pendingUser: string | undefined;
    for (let line = await s.readLine(); line !== null; line = await s.readLine()) {
      const space = line.indexOf(' ');
      const verb = (space === -1 ? line : line.slice(0, space)).toUpperCase();
      const args = space === -1 ? '' : line.slice(space + 1);
      const override = opts.on?.[verb];
      if (override) {
        if ((await override(args, s, box)) === 'stop') return;
        continue;
      }
      const n = Number(args.split(' ')[0]);
      switch (verb) {
        case 'CAPA':
          if (opts.capa === null) s.send('-ERR unknown command\r\n');
          else s.send(`+OK\r\n${(opts.capa ?? defaultCapa).map((c) => `${c}\r\n`).join('')}.\r\n`);
          break;
        case 'STLS':
          if (!opts.tls) {
            s.send('-ERR no TLS here\r\n');
            break;
          }
          s.send('+OK begin TLS\r\n');
          await s.startTls(opts.tls.key, opts.tls.cert);
          break;
        case 'USER':
          pendingUser = args;
          s.send('+OK\r\n');
          break;
        case 'PASS':
          if (pendingUser === user && args === pass) {
            box.loggedIn = true;
            s.send('+OK logged in\r\n');
          } else s.send('-ERR [AUTH] invalid credentials\r\n');
          break;
        case 'AUTH': {
          const [mechanism, initial] = args.split(' ');
          if (mechanism?.toUpperCase() !== 'PLAIN') {
            s.send('-ERR unsupported mechanism\r\n');
            break;
          }
          let response = initial;
          if (response === undefined) {
            s.send('+ \r\n');
            response = (await s.readLine()) ?? '';
          }
          if (Buffer.from(response, 'base64').toString('utf8') === `\0${user}\0${pass}`) {
            box.loggedIn = true;
            s.send('+OK logged in\r\n');
          } else s.send('-ERR [AUTH] invalid credentials\r\n');
          break;
        }
        case 'APOP': {
          const [name, digest] = args.split(' ');
          const stamp = /<[^>]+>/.exec(greeting)?.[0] ?? '';
          const expected = createHash('md5')
            .update(stamp + pass)
            .digest('hex');
          if (name === user && digest === expected) {
            box.loggedIn = true;
            s.send('+OK logged in\r\n');
          } else s.send('-ERR [AUTH] invalid credentials\r\n');
          break;
        }
        case 'STAT': {
          const live = box.messages.map((m, i) => ({ m, n: i + 1 })).filter(({ n: k }) => exists(k));
          s.send(`+OK ${live.length} ${live.reduce((sum, { m }) => sum + m.length, 0)}\r\n`);
          break;
        }
        case 'LIST':
        case 'UIDL': {
          const rows = box.messages
            .map((m, i) => ({ m, n: i + 1 }))
            .filter(({ n: k }) => exists(k))
            .map(({ m, n: k }) => `${k} ${verb === 'LIST' ? m.length : uidOf(k)}\r\n`);
          s.send(`+OK\r\n${rows.join('')}.\r\n`);
          break;
        }
        case 'RETR':
        case 'TOP':
          if (!exists(n)) s.send('-ERR no such message\r\n');
          else s.send(Buffer.concat([Buffer.from(`+OK ${box.messages[n - 1]?.length} octets\r\n`), stuff(box.messages[n - 1] as Buffer)]));
          break;
        case 'DELE':
          if (!exists(n)) s.send('-ERR no such message\r\n');
          else {
            box.marked.add(n);
            s.send(`+OK message ${n} deleted\r\n`);
          }
          break;
        case 'RSET':
          box.marked.clear();
          s.send('+OK\r\n');
          break;
        case 'NOOP':
          s.send('+OK\r\n');
          break;
        case 'QUIT':
          if (box.loggedIn) box.removed.push(...[...box.marked].sort((a, b) => a - b));
          s.send('+OK bye\r\n');
          s.socket.end();
          return;
        default:
          s.send('-ERR unknown command\r\n');
      }
    }
  };
  return { script, box };
}
