import { connect, type Socket } from 'node:net';

export interface LmtpDelivery {
  port: number;
  recipient: string;
  /** Envelope sender; '' is the null reverse-path `<>`. Dovecot stores it as `Return-Path: <from>`. */
  from: string;
  raw: Buffer;
  timeoutMs?: number;
}

interface Reply {
  code: number;
  text: string;
}

/**
 * Delivers one message over LMTP (RFC 2033). Dovecot 2.3 always prepends `Return-Path: <from>\r\n`
 * (even when `raw` has one already) and stores bare LF as CRLF; a missing final CRLF is added here
 * because DATA must end on a line boundary.
 */
export async function lmtpDeliver({ port, recipient, from, raw, timeoutMs = 10_000 }: LmtpDelivery): Promise<void> {
  if (/[\s<>]/.test(recipient) || /[\s<>]/.test(from)) throw new Error('LMTP addresses must not contain spaces or <>');
  const socket = connect({ host: '127.0.0.1', port });
  const replies = replyReader(socket);
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`LMTP timed out after ${timeoutMs} ms`)));
  try {
    await expectReply(replies.next(), 220, 'greeting');
    const step = async (line: string, code: number): Promise<void> => {
      socket.write(`${line}\r\n`);
      await expectReply(replies.next(), code, line);
    };
    await step('LHLO homing-test', 250);
    await step(`MAIL FROM:<${from}>`, 250);
    await step(`RCPT TO:<${recipient}>`, 250);
    await step('DATA', 354);
    socket.write(dotStuff(raw));
    socket.write(raw.length === 0 || raw.subarray(-2).toString('latin1') === '\r\n' ? '.\r\n' : '\r\n.\r\n');
    // LMTP answers DATA once per accepted recipient; we sent exactly one.
    await expectReply(replies.next(), 250, 'end of DATA');
    socket.write('QUIT\r\n');
    await replies.next().catch(() => undefined);
  } finally {
    socket.destroy();
  }
}

/**
 * RFC 5321 §4.5.2: a line starting with "." gets one more "." so it cannot end the DATA early.
 * Only the line structure matters, so this works on bytes and never re-encodes the message.
 */
export function dotStuff(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x2e && (i === 0 || raw[i - 1] === 0x0a)) {
      parts.push(raw.subarray(start, i), DOT);
      start = i;
    }
  }
  parts.push(raw.subarray(start));
  return Buffer.concat(parts);
}

const DOT = Buffer.from('.');

async function expectReply(pending: Promise<Reply>, code: number, what: string): Promise<void> {
  const reply = await pending;
  if (reply.code !== code) throw new Error(`LMTP ${what}: expected ${code}, got ${reply.code} ${reply.text}`);
}

/** Yields complete (possibly multi-line "250-…") replies in order. */
function replyReader(socket: Socket): { next(): Promise<Reply> } {
  const ready: Reply[] = [];
  const waiting: { resolve(r: Reply): void; reject(e: Error): void }[] = [];
  let failure: Error | undefined;
  let buffered = '';
  let text: string[] = [];
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf('\r\n')) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      text.push(line.slice(4));
      if (line[3] === '-') continue;
      const reply = { code: Number(line.slice(0, 3)), text: text.join('\n') };
      text = [];
      const waiter = waiting.shift();
      if (waiter) waiter.resolve(reply);
      else ready.push(reply);
    }
  });
  const fail = (err: Error): void => {
    failure ??= err;
    for (const waiter of waiting.splice(0)) waiter.reject(failure);
  };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('LMTP connection closed')));
  return {
    next() {
      const reply = ready.shift();
      if (reply) return Promise.resolve(reply);
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
  };
}
