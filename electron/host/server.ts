import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

import { WebSocket, WebSocketServer } from 'ws';

import type { EventName, EventPayload } from '../contract';
import { type ClientFrame, decodeWire, encodeWire, type PickupFrame, type ServerFrame } from '../contract/wire';
import type { Engine, EventSink, Logger } from '../engine';
import { rendererCsp } from './csp';
import { createPickups } from './pickups';

export interface HostOptions {
  /** Folder with the built renderer (index.html and assets). */
  rendererDir: string;
  port?: number;
  log: Logger;
  /** Fixed only in tests; a random 32-byte token otherwise. */
  token?: string;
  /** Observes every broadcast event (benchmarks and tests wait on account status with it). */
  onEvent?: (name: EventName, payload: unknown) => void;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  sink: EventSink;
  attach(engine: Engine): void;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The browser host: the built renderer and the contract over a WebSocket, bound to 127.0.0.1 only.
 * A connection needs the per-run token (from the URL fragment, never sent in HTTP requests) and
 * our own Origin, so another local web page cannot drive the engine.
 */
export const startBrowserHost = async (opts: HostOptions): Promise<BrowserHost> => {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const root = resolve(opts.rendererDir);
  const clients = new Map<string, WebSocket>();
  /** Connections that asked for no broadcast events: the store worker's (`?role=store`). */
  const storeOnly = new WeakSet<WebSocket>();
  /** Where broadcast events go: every connection but the store worker's. */
  const listeners = function* () {
    for (const ws of clients.values()) if (!storeOnly.has(ws)) yield ws;
  };
  let engine: Engine | null = null;
  let origin = '';

  const pickups = createPickups();

  /** A frame with bytes waits for the page to fetch it (./pickups.ts says why); the socket says where. */
  const sendNow = (ws: WebSocket, frame: ServerFrame) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    const message = encodeWire(frame);
    if (typeof message === 'string') {
      ws.send(message);
      return;
    }
    ws.send(JSON.stringify({ type: 'pickup', id: pickups.hold(ws, message) } satisfies PickupFrame));
  };

  // Progress and "checking" status come coalesced from the engine (electron/engine/coalesced-sink.ts).
  const sink: EventSink = {
    broadcast<N extends EventName>(name: N, payload: EventPayload<N>) {
      opts.onEvent?.(name, payload);
      for (const ws of listeners()) sendNow(ws, { type: 'event', name, payload });
    },
    sendTo<N extends EventName>(clientId: string, name: N, payload: EventPayload<N>) {
      const ws = clients.get(clientId);
      if (!ws || ws.readyState !== WebSocket.OPEN) return false;
      sendNow(ws, { type: 'event', name, payload });
      return true;
    },
  };

  const serveStatic = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    let path = decodeURIComponent(url.pathname);
    if (path === '/' || path === '') path = '/index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      res.writeHead(200, {
        'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': rendererCsp(origin),
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    }
  };

  const http: Server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const pickup = /^\/pickup\/([A-Za-z0-9_-]{22})$/.exec(new URL(req.url ?? '/', origin).pathname);
    if (pickup) pickups.serve(pickup[1] as string, req, res);
    else void serveStatic(req, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 });
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const given = url.searchParams.get('token') ?? '';
    if (url.pathname !== '/ws' || !sameToken(given, token) || req.headers.origin !== origin) {
      opts.log.warn(
        `refused a WebSocket connection (${url.pathname !== '/ws' ? 'path' : req.headers.origin !== origin ? 'origin' : 'token'})`,
      );
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const clientId = `ws-${randomBytes(8).toString('hex')}`;
      clients.set(clientId, ws);
      if (url.searchParams.get('role') === 'store') storeOnly.add(ws);
      ws.on('message', (data: Buffer, isBinary) => {
        let frame: ClientFrame;
        try {
          frame = decodeWire(isBinary ? data : data.toString('utf8')) as ClientFrame;
        } catch {
          return;
        }
        if (frame?.type !== 'call' || typeof frame.id !== 'number') return;
        if (!engine) {
          sendNow(ws, {
            type: 'result',
            id: frame.id,
            result: { ok: false, error: { code: 'store_unavailable', message: 'Homing is still starting.' } },
          });
          return;
        }
        void engine.dispatch(frame.name, frame.input, { clientId }).then((result) => sendNow(ws, { type: 'result', id: frame.id, result }));
      });
      ws.on('close', () => {
        clients.delete(clientId);
        pickups.dropFor(ws);
        engine?.clientGone(clientId);
      });
      ws.on('error', (err) => opts.log.warn(`WebSocket error: ${err.message}`));
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const port = (http.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    port,
    token,
    sink,
    attach: (e) => {
      engine = e;
    },
    close: async () => {
      pickups.clear();
      for (const ws of clients.values()) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
};
