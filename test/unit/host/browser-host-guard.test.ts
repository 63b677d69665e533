import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';

import type { Engine } from '../../../electron/engine';
import { type BrowserHost, startBrowserHost } from '../../../electron/host/server';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let host: BrowserHost;
let dir: string;
let dispatched = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'homing-host-guard-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Homing</title>');
  host = await startBrowserHost({ rendererDir: dir, log: quiet });
  host.attach({
    dispatch: async () => {
      dispatched++;
      return { ok: true, value: {} };
    },
    clientGone: () => undefined,
  } as unknown as Engine);
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves 'open' or the HTTP status the upgrade was refused with. */
const attempt = (path: string, origin?: string) =>
  new Promise<string>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, origin ? { origin } : {});
    ws.once('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    ws.once('error', () => resolve('error'));
  });

describe('browser host guard (loopback only, per-run token, own Origin)', () => {
  it('listens on 127.0.0.1 only, with a random token of 32 bytes in the URL fragment', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#token=[A-Za-z0-9_-]{43}$`));
  });

  it('refuses a WebSocket without the token, with a wrong token, or from another origin', async () => {
    const own = `http://127.0.0.1:${host.port}`;
    expect(await attempt('/ws', own)).toBe('403');
    expect(await attempt('/ws?token=wrong', own)).toBe('403');
    expect(await attempt(`/ws?token=${host.token}`, 'http://evil.example')).toBe('403');
    expect(await attempt(`/ws?token=${host.token}`)).toBe('403');
    expect(await attempt(`/other?token=${host.token}`, own)).toBe('403');
    expect(dispatched).toBe(0);
    expect(await attempt(`/ws?token=${host.token}`, own)).toBe('open');
  });

  it('serves the renderer with a strict CSP, and nothing outside its folder', async () => {
    const page = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect((await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fetc%2fpasswd`)).status).not.toBe(200);
    expect((await fetch(`http://127.0.0.1:${host.port}/`, { method: 'POST' })).status).toBe(405);
  });
});
