import { connect } from 'node:tls';

/**
 * The floor: a bare TLS socket that logs in and RETRs every message one after another, reading
 * bytes until each terminator and doing nothing else with them.
 */
export const bareRetrLoop = async (opts: { port: number; user: string; password: string; ca: string; count: number }): Promise<number> => {
  const socket = connect({ host: '127.0.0.1', port: opts.port, ca: opts.ca, servername: 'localhost' });
  await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
  let buffered: Buffer = Buffer.alloc(0);
  let waiter: (() => void) | null = null;
  socket.on('data', (d: Buffer) => {
    buffered = buffered.length ? Buffer.concat([buffered, d]) : d;
    waiter?.();
  });
  const until = async (terminator: string) => {
    const t = Buffer.from(terminator);
    for (;;) {
      const at = buffered.indexOf(t);
      if (at !== -1) {
        buffered = buffered.subarray(at + t.length);
        return;
      }
      await new Promise<void>((r) => (waiter = r));
      waiter = null;
    }
  };
  const started = performance.now();
  await until('\r\n');
  socket.write(`USER ${opts.user}\r\n`);
  await until('\r\n');
  socket.write(`PASS ${opts.password}\r\n`);
  await until('\r\n');
  for (let i = 1; i <= opts.count; i++) {
    socket.write(`RETR ${i}\r\n`);
    await until('\r\n.\r\n');
  }
  socket.write('QUIT\r\n');
  const ms = performance.now() - started;
  socket.destroy();
  return ms;
};
