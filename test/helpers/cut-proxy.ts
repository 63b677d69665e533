import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface CutRule {
  /** Cut when the client has sent a line matching this (plain-text sessions only). */
  clientSays?: RegExp;
  /** Cut after the server has sent this many bytes in total. */
  serverBytes?: number;
}

/**
 * A loopback TCP proxy in front of the real server that cuts the connection at a chosen moment,
 * to test what a dropped network does mid-session. The server stays real; only the wire breaks.
 */
export const startCutProxy = async (
  targetPort: number,
): Promise<{ port: number; cutNext(rule: CutRule): void; cuts: number; close(): Promise<void> }> => {
  let rule: CutRule | null = null;
  const sockets = new Set<Socket>();
  const state = { cuts: 0 };
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    sockets.add(client);
    sockets.add(upstream);
    const active = rule;
    rule = null;
    let serverBytes = 0;
    let clientText = '';
    const cut = () => {
      state.cuts++;
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (d: Buffer) => {
      clientText += d.toString('latin1');
      if (active?.clientSays && active.clientSays.test(clientText)) return cut();
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      if (active?.serverBytes !== undefined && serverBytes + d.length >= active.serverBytes) {
        client.write(d.subarray(0, Math.max(0, active.serverBytes - serverBytes)));
        return cut();
      }
      serverBytes += d.length;
      client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    cutNext: (r) => {
      rule = r;
    },
    get cuts() {
      return state.cuts;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
};
