import { HomingError } from '../../../contract';
import type { ProbeSocket } from './probe-socket';
import { serverSays } from './probe-socket';

/**
 * The few exchanges a probe has with each protocol: read the greeting, ask for capabilities,
 * switch to TLS when asked. Nothing is sent that could authenticate or change anything.
 */

export type Greeting = 'imap' | 'pop3' | 'smtp' | 'refused' | 'unknown';

/** What kind of server a first line comes from: IMAP "* OK", POP3 "+OK", SMTP "220". */
export function classifyGreeting(line: string): Greeting {
  if (/^\* (OK|PREAUTH)\b/i.test(line)) return 'imap';
  if (/^\* BYE\b/i.test(line)) return 'refused';
  if (/^\+OK\b/i.test(line)) return 'pop3';
  if (/^-ERR\b/i.test(line)) return 'refused';
  if (/^220[ -]/.test(line)) return 'smtp';
  if (/^554[ -]/.test(line)) return 'refused';
  return 'unknown';
}

export interface Capabilities {
  starttls: boolean;
  authMechanisms: string[];
  loginDisabled: boolean;
}

const MAX_LINES = 200;

/** RFC 9051 §6.1.1 CAPABILITY; tagged answer ends it. A capability list may also ride on the greeting. */
export async function imapCapabilities(socket: ProbeSocket, tag: string): Promise<Capabilities> {
  socket.write(`${tag} CAPABILITY`);
  const words: string[] = [];
  for (let i = 0; i < MAX_LINES; i++) {
    const line = await socket.readLine();
    if (line.startsWith(`${tag} `)) {
      if (!/^\S+ OK\b/i.test(line)) throw new HomingError('protocol_error', `CAPABILITY refused: ${serverSays(line)}`);
      return imapCapsFrom(words);
    }
    const m = /^\* CAPABILITY (.*)$/i.exec(line);
    if (m) words.push(...m[1]!.split(' '));
  }
  throw new HomingError('protocol_error', 'CAPABILITY answer too long');
}

export const imapCapsFrom = (words: string[]): Capabilities => {
  const upper = words.map((w) => w.toUpperCase());
  return {
    starttls: upper.includes('STARTTLS'),
    authMechanisms: upper.filter((w) => w.startsWith('AUTH=')).map((w) => w.slice(5)),
    // RFC 9051 §6.2.3: LOGINDISABLED means LOGIN must not be used on this connection.
    loginDisabled: upper.includes('LOGINDISABLED'),
  };
};

export async function imapStarttls(socket: ProbeSocket, tag: string): Promise<void> {
  socket.write(`${tag} STARTTLS`);
  for (let i = 0; i < MAX_LINES; i++) {
    const line = await socket.readLine();
    if (line.startsWith(`${tag} `)) {
      if (!/^\S+ OK\b/i.test(line)) throw new HomingError('tls_failed', `STARTTLS refused: ${serverSays(line)}`);
      return socket.upgrade();
    }
  }
  throw new HomingError('protocol_error', 'STARTTLS answer too long');
}

/** RFC 2449 §5 CAPA. A server without CAPA answers -ERR: then nothing is known (not an error). */
export async function pop3Capabilities(socket: ProbeSocket): Promise<Capabilities & { known: boolean }> {
  socket.write('CAPA');
  const first = await socket.readLine();
  if (!/^\+OK\b/i.test(first)) return { starttls: false, authMechanisms: [], loginDisabled: false, known: false };
  const names: string[][] = [];
  for (let i = 0; i < MAX_LINES; i++) {
    const line = await socket.readLine();
    if (line === '.') {
      const has = (name: string) => names.some((n) => n[0] === name);
      const sasl = names.find((n) => n[0] === 'SASL')?.slice(1) ?? [];
      return {
        starttls: has('STLS'),
        authMechanisms: sasl,
        // With a CAPA list, no USER and no PLAIN/LOGIN SASL means no password login here.
        loginDisabled: !has('USER') && !sasl.includes('PLAIN') && !sasl.includes('LOGIN'),
        known: true,
      };
    }
    names.push(line.toUpperCase().split(' ').filter(Boolean));
  }
  throw new HomingError('protocol_error', 'CAPA answer too long');
}

/** RFC 2595 §4 STLS. */
export async function pop3Stls(socket: ProbeSocket): Promise<void> {
  socket.write('STLS');
  const line = await socket.readLine();
  if (!/^\+OK\b/i.test(line)) throw new HomingError('tls_failed', `STLS refused: ${serverSays(line)}`);
  await socket.upgrade();
}

/** Reads an SMTP reply (RFC 5321 §4.2: "250-" continues, "250 " ends). Returns code and lines. */
export async function smtpReply(socket: ProbeSocket): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  for (let i = 0; i < MAX_LINES; i++) {
    const line = await socket.readLine();
    const m = /^(\d{3})([ -])(.*)$/.exec(line);
    if (!m) throw new HomingError('protocol_error', `not an SMTP reply: ${serverSays(line)}`);
    lines.push(m[3]!);
    if (m[2] === ' ') return { code: Number(m[1]), lines };
  }
  throw new HomingError('protocol_error', 'SMTP reply too long');
}

/** EHLO with an address literal: we have no host name the server could check (RFC 5321 §4.1.4). */
export async function smtpEhlo(socket: ProbeSocket): Promise<Capabilities> {
  socket.write('EHLO [127.0.0.1]');
  const reply = await smtpReply(socket);
  if (reply.code !== 250) throw new HomingError('protocol_error', `EHLO refused (${reply.code})`);
  const keywords = reply.lines.slice(1).map((l) => l.toUpperCase().split(' ').filter(Boolean));
  const auth = keywords.find((k) => k[0] === 'AUTH')?.slice(1) ?? [];
  return { starttls: keywords.some((k) => k[0] === 'STARTTLS'), authMechanisms: auth, loginDisabled: false };
}

/** RFC 3207 STARTTLS. */
export async function smtpStarttls(socket: ProbeSocket): Promise<void> {
  socket.write('STARTTLS');
  const reply = await smtpReply(socket);
  if (reply.code !== 220) throw new HomingError('tls_failed', `STARTTLS refused (${reply.code})`);
  await socket.upgrade();
}
