import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fetchRemote } from '../../../electron/engine/remote/fetch-remote';
import { startTestEngine } from '../../helpers/engine';
import { makeSelfSignedCert } from '../../unit/pop3/helpers/certs';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** Real servers on 127.0.0.1; each request is recorded with its headers. */
const seen: IncomingMessage[] = [];
const sockets = new Set<Socket>();
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/pixel.png': (_req, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG),
  '/font.woff2': (_req, res) => res.writeHead(200, { 'Content-Type': 'font/woff2' }).end(Buffer.from('wOF2')),
  '/page.html': (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>hi</p>'),
  '/untyped': (_req, res) => res.writeHead(200).end(PNG),
  '/logo.svg': (_req, res) => res.writeHead(200, { 'Content-Type': 'image/svg+xml' }).end('<svg onload="alert(1)"/>'),
  '/missing.png': (_req, res) => res.writeHead(404, 'Not Found').end(),
  '/hang': () => undefined,
  // Streams past the 5 MB cap without a Content-Length, and would go on for ever.
  '/endless.png': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'image/png' });
    const chunk = Buffer.alloc(64 * 1024, 1);
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  },
  '/declared-huge.png': (_req, res) =>
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(50 * 1024 * 1024) }).end(),
  '/three-mb.png': (_req, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(Buffer.alloc(3 * 1024 * 1024, 2)),
  '/to-file': (_req, res) => res.writeHead(302, { Location: 'file:///etc/passwd' }).end(),
  '/to-creds': (_req, res) => res.writeHead(302, { Location: 'http://u:p@127.0.0.1/pixel.png' }).end(),
  '/no-location': (_req, res) => res.writeHead(302).end(),
};
const handle = (req: IncomingMessage, res: ServerResponse) => {
  seen.push(req);
  const url = new URL(req.url ?? '/', 'http://x');
  // /hop/N redirects N more times, then lands on the pixel.
  const hop = /^\/hop\/(\d+)$/.exec(url.pathname);
  if (hop) {
    const n = Number(hop[1]);
    res.writeHead(n === 0 ? 301 : 302, { Location: n === 0 ? '/pixel.png' : `/hop/${n - 1}` }).end();
    return;
  }
  const route = routes[url.pathname];
  if (route) route(req, res);
  else res.writeHead(404).end();
};

let server: Server;
let tlsServer: Server;
let base: string;
let tlsBase: string;
const listen = async (s: Server): Promise<number> => {
  s.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as AddressInfo).port;
};
const cert = makeSelfSignedCert();

beforeAll(async () => {
  server = createHttpServer(handle);
  tlsServer = createHttpsServer({ key: cert.key, cert: cert.cert }, handle);
  base = `http://127.0.0.1:${await listen(server)}`;
  tlsBase = `https://127.0.0.1:${await listen(tlsServer)}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all([server, tlsServer].map((s) => new Promise((resolve) => s.close(resolve))));
});

const local = { allowPrivateAddresses: true };

describe('fetchRemote against real local servers', () => {
  it('loads an image and a font, in order, with no cookie, referrer or identifying headers', async () => {
    seen.length = 0;
    const lines: string[] = [];
    const log = {
      info: (m: string) => void lines.push(m),
      warn: (m: string) => void lines.push(m),
      error: (m: string) => void lines.push(m),
    };
    const items = await fetchRemote([`${base}/pixel.png?u=42`, `${base}/font.woff2`], local, log);
    // Counts only: a tracking URL's query string identifies the reader, so it never reaches the log.
    expect(lines).toEqual(['remote:fetch 2 URL(s), 2 distinct: 2 loaded, 0 refused or failed, 0 MB']);
    expect(items).toEqual([
      { url: `${base}/pixel.png?u=42`, ok: true, contentType: 'image/png', bytes: new Uint8Array(PNG), error: null },
      { url: `${base}/font.woff2`, ok: true, contentType: 'font/woff2', bytes: new Uint8Array(Buffer.from('wOF2')), error: null },
    ]);
    // A plain Uint8Array of its own, not a view on Node's shared buffer pool.
    expect(items[0]!.bytes!.constructor).toBe(Uint8Array);
    expect(items[0]!.bytes!.buffer.byteLength).toBe(PNG.length);
    const headers = seen[0]!.headers;
    expect(headers['user-agent']).toBe('Homing');
    expect(headers.accept).toBe('image/*,font/*;q=0.9');
    expect(headers.cookie).toBeUndefined();
    expect(headers.referer).toBeUndefined();
    expect(headers.authorization).toBeUndefined();
    expect(headers['accept-language']).toBeUndefined();
  });

  it('refuses 127.0.0.1 by default, literal or by name, without connecting', async () => {
    seen.length = 0;
    const port = new URL(base).port;
    const items = await fetchRemote([`${base}/pixel.png`, `http://localhost:${port}/pixel.png`]);
    expect(items.map((i) => i.ok)).toEqual([false, false]);
    expect(items[0]!.error).toBe('127.0.0.1 is this computer itself; a message may not make Homing reach it.');
    expect(items[1]!.error).toMatch(/^localhost \((127\.0\.0\.1|::1)\) is this computer itself/);
    expect(seen).toHaveLength(0);
  });

  it('fetches a URL that appears twice once, and answers for both', async () => {
    seen.length = 0;
    const items = await fetchRemote([`${base}/pixel.png`, `${base}/font.woff2`, `${base}/pixel.png`], local);
    expect(items.map((i) => [i.url, i.ok])).toEqual([
      [`${base}/pixel.png`, true],
      [`${base}/font.woff2`, true],
      [`${base}/pixel.png`, true],
    ]);
    expect(seen.filter((r) => r.url === '/pixel.png')).toHaveLength(1);
  });

  it('follows up to 5 redirects, refusing the sixth', async () => {
    const [five, six] = await fetchRemote([`${base}/hop/4`, `${base}/hop/5`], local);
    expect(five).toMatchObject({ ok: true, contentType: 'image/png' });
    expect(six).toMatchObject({ ok: false, error: 'The server redirected more than 5 times.' });
  });

  it('judges every redirect hop like the first', async () => {
    const items = await fetchRemote([`${base}/to-file`, `${base}/to-creds`, `${base}/no-location`], local);
    expect(items[0]!.error).toMatch(/redirected to an address Homing does not load.*not file: ones/);
    expect(items[1]!.error).toMatch(/redirected to an address Homing does not load.*user name or password/);
    expect(items[2]!.error).toMatch(/302 \(a redirect\) without saying where/);
  });

  it('refuses what is not an image or a font, and SVG, with the reason', async () => {
    const [html, untyped, svg, missing] = await fetchRemote(
      [`${base}/page.html`, `${base}/untyped`, `${base}/logo.svg`, `${base}/missing.png`],
      local,
    );
    expect(html).toEqual({
      url: `${base}/page.html`,
      ok: false,
      contentType: null,
      bytes: null,
      error: 'The server sent text/html, not an image or a font.',
    });
    expect(untyped!.error).toMatch(/did not say what kind of file/);
    expect(svg!.error).toMatch(/SVG image, which can carry script/);
    expect(missing!.error).toBe('The server answered 404 Not Found.');
  });

  it('cuts a download as soon as it passes 5 MB, declared or not', async () => {
    const started = Date.now();
    const [endless, declared] = await fetchRemote([`${base}/endless.png`, `${base}/declared-huge.png`], local);
    expect(endless).toMatchObject({ ok: false, error: 'It is larger than 5 MB.' });
    expect(declared).toMatchObject({ ok: false, error: 'It is larger than 5 MB.' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('stops at the total cap for one call', async () => {
    const urls = [1, 2, 3].map((n) => `${base}/three-mb.png?n=${n}`);
    const items = await fetchRemote(urls, { ...local, maxTotalBytes: 7 * 1024 * 1024, parallel: 1 });
    expect(items.map((i) => i.ok)).toEqual([true, true, false]);
    expect(items[2]!.error).toBe("This message's remote content together is larger than 7 MB.");
  });

  it('gives up on a server that never answers, within the timeout', async () => {
    const started = Date.now();
    const [item] = await fetchRemote([`${base}/hang`], { ...local, timeoutMs: 300 });
    expect(item).toMatchObject({ ok: false, error: 'The server did not answer within 0.3 seconds.' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('keeps at most 4 requests in flight', async () => {
    let open = 0;
    let most = 0;
    routes['/slow.png'] = (_req, res) => {
      open += 1;
      most = Math.max(most, open);
      setTimeout(() => {
        open -= 1;
        res.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG);
      }, 50);
    };
    const items = await fetchRemote(
      Array.from({ length: 10 }, (_, i) => `${base}/slow.png?i=${i}`),
      local,
    );
    expect(items.every((i) => i.ok)).toBe(true);
    expect(most).toBe(4);
  });

  it('checks certificates: a self-signed server is refused unless its CA is trusted', async () => {
    const [refused] = await fetchRemote([`${tlsBase}/pixel.png`], local);
    expect(refused!.error).toMatch(/secure connection to 127\.0\.0\.1 could not be verified/);
    const [trusted] = await fetchRemote([`${tlsBase}/pixel.png`], { ...local, extraCa: cert.cert });
    expect(trusted).toMatchObject({ ok: true, contentType: 'image/png' });
  });

  it('answers bad URLs and unreachable servers item by item, never throwing', async () => {
    const closed = createHttpServer();
    const port = await new Promise<number>((resolve) =>
      closed.listen(0, '127.0.0.1', () => resolve((closed.address() as AddressInfo).port)),
    );
    await new Promise((resolve) => closed.close(resolve));
    const items = await fetchRemote(['file:///etc/passwd', 'not a url', `http://127.0.0.1:${port}/x.png`, `${base}/pixel.png`], local);
    expect(items.map((i) => i.ok)).toEqual([false, false, false, true]);
    expect(items[2]!.error).toBe('127.0.0.1 refused the connection.');
  });
});

describe('remote:fetch through the engine', () => {
  it('fetches with the engine options and refuses loopback without them', async () => {
    const guarded = await startTestEngine();
    const open = await startTestEngine({ remoteFetch: local });
    try {
      const ctx = { clientId: 'test' };
      const refused = await guarded.engine.dispatch('remote:fetch', { urls: [`${base}/pixel.png`] }, ctx);
      expect(refused).toMatchObject({ ok: true, value: { items: [{ ok: false, error: expect.stringMatching(/this computer itself/) }] } });
      const loaded = await open.engine.dispatch('remote:fetch', { urls: [`${base}/pixel.png`] }, ctx);
      expect(loaded).toMatchObject({ ok: true, value: { items: [{ ok: true, contentType: 'image/png' }] } });
      expect(await open.engine.dispatch('remote:fetch', { urls: Array.from({ length: 101 }, () => base) }, ctx)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    } finally {
      await guarded.close();
      await open.close();
    }
  });
});
