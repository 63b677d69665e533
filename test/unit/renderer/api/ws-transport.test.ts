import type { AddressInfo } from 'node:net';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';

import { connectWebSocket } from '../../../../renderer/api/ws-transport';

/** A host that echoes each call's input as its result, and can drop every connection. */
const startEchoHost = async () => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  let connections = 0;
  let hold = false;
  const held: (() => void)[] = [];
  server.on('connection', (ws) => {
    connections++;
    ws.on('message', (data: Buffer) => {
      const call = JSON.parse(data.toString('utf8')) as { id: number; input: unknown };
      const answer = () => ws.send(JSON.stringify({ type: 'result', id: call.id, result: { ok: true, value: call.input } }));
      if (hold) held.push(answer);
      else answer();
    });
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`,
    connections: () => connections,
    /** Calls stay unanswered until this is false again. */
    holdAnswers: (on: boolean) => {
      hold = on;
    },
    dropAll: () => {
      for (const ws of server.clients) ws.terminate();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** ws's client, which (unlike a browser's) throws on an 'error' event nobody listens to. */
class QuietWebSocket extends NodeWebSocket {
  constructor(url: string) {
    super(url);
    this.on('error', () => undefined);
  }
}

/** What the transport's reconnect timer gets once a test is over: a socket that never opens. */
class InertWebSocket {
  binaryType = 'arraybuffer';
  addEventListener(): void {}
  send(): void {}
}

describe('connectWebSocket (the browser host transport)', () => {
  let host: Awaited<ReturnType<typeof startEchoHost>>;

  beforeEach(async () => {
    vi.stubGlobal('WebSocket', QuietWebSocket);
    host = await startEchoHost();
  });

  afterEach(async () => {
    vi.stubGlobal('WebSocket', InertWebSocket);
    host.dropAll();
    await host.close();
  });

  it('answers calls, including those made before the socket opened', async () => {
    const transport = connectWebSocket(host.url);
    await expect(transport.call('demo:echo' as never, { n: 1 } as never)).resolves.toEqual({ ok: true, value: { n: 1 } });
  });

  it('settles a call in flight with connection_lost when the connection drops, and says so to listeners', async () => {
    const transport = connectWebSocket(host.url);
    await transport.call('demo:echo' as never, {} as never);
    const events: string[] = [];
    transport.subscribe((name) => events.push(name));
    host.holdAnswers(true);
    const inFlight = transport.call('demo:echo' as never, { n: 2 } as never);
    await vi.waitFor(() => expect(host.connections()).toBe(1));
    host.dropAll();
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'connection_lost' } });
    expect(events).toContain('transport:closed');
  });

  it('holds a call made between a close and the next open, and sends it on the new socket', async () => {
    const transport = connectWebSocket(host.url);
    await transport.call('demo:echo' as never, {} as never);
    const closed = new Promise<void>((resolve) => transport.subscribe((name) => name === 'transport:closed' && resolve()));
    host.dropAll();
    await closed;
    // The old socket is gone: written there, this call would never settle.
    const afterClose = transport.call('demo:echo' as never, { n: 3 } as never);
    await expect(afterClose).resolves.toEqual({ ok: true, value: { n: 3 } });
    expect(host.connections()).toBe(2);
  });

  it('names the store worker its own connection (role=store)', () => {
    const transport = connectWebSocket(host.url);
    expect(new URL(transport.workerUrl!).searchParams.get('role')).toBe('store');
  });
});
