import { connect, createServer, type Server } from 'node:net';

/**
 * Asks the kernel for `count` distinct free loopback ports by binding port 0. All sockets stay open
 * until every port is known, so the same call can never hand out one port twice. Another process
 * may still take a port before Dovecot binds it; startDovecot retries on that.
 */
export async function pickFreePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
    }
    return servers.map((s) => {
      const address = s.address();
      if (address === null || typeof address === 'string') throw new Error('unexpected server address');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

/** Resolves with the first line the server sends; rejects if nothing arrives within `timeoutMs`. */
export function readGreeting(port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buffered = '';
    const timer = setTimeout(() => finish(new Error(`no greeting on port ${port} within ${timeoutMs} ms`)), timeoutMs);
    function finish(result: string | Error): void {
      clearTimeout(timer);
      socket.destroy();
      if (typeof result === 'string') resolve(result);
      else reject(result);
    }
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\r\n');
      if (end >= 0) finish(buffered.slice(0, end));
    });
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(new Error(`port ${port} closed before greeting`)));
  });
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
