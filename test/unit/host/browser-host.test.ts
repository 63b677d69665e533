import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';

import { decodeWire, encodeWire, joinParts, type PickupFrame, type ServerFrame } from '../../../electron/contract/wire';
import type { Engine } from '../../../electron/engine';
import { type BrowserHost, startBrowserHost } from '../../../electron/host/server';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A host with a fake engine that records calls, and one connected page. With `fetchPickups`, the
 * page fetches a pickup's bytes as the real one does and records the frame they hold after it.
 */
const connect = async ({ fetchPickups = true, role = '' } = {}) => {
  const dir = mkdtempSync(join(tmpdir(), 'homing-host-test-'));
  const host: BrowserHost = await startBrowserHost({ rendererDir: dir, log: quiet, token: 'test-token' });
  cleanups.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => host.close(),
  );
  const calls: { name: unknown; input: unknown; clientId: string }[] = [];
  host.attach({
    dispatch: async (name: unknown, input: unknown, ctx: { clientId: string }) => {
      calls.push({ name, input, clientId: ctx.clientId });
      return { ok: true, value: { echo: input } };
    },
    clientGone: () => undefined,
  } as unknown as Engine);

  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=test-token${role ? `&role=${role}` : ''}`, {
    origin: `http://127.0.0.1:${host.port}`,
  });
  cleanups.push(() => ws.terminate());
  const frames: { frame: ServerFrame; binary: boolean }[] = [];
  let inbox = Promise.resolve();
  ws.on('message', (data: Buffer, isBinary) => {
    const frame = decodeWire(isBinary ? data : data.toString('utf8')) as ServerFrame | PickupFrame;
    frames.push({ frame: frame as ServerFrame, binary: isBinary });
    if (frame.type !== 'pickup' || !fetchPickups) return;
    inbox = inbox.then(async () => {
      const bytes = await (await fetch(`http://127.0.0.1:${host.port}/pickup/${frame.id}`)).arrayBuffer();
      frames.push({ frame: decodeWire(bytes) as ServerFrame, binary: false });
    });
  });
  await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));

  const call = async (name: string, input: unknown) => {
    const id = calls.length + 1000;
    const message = encodeWire({ type: 'call', id, name, input });
    ws.send(typeof message === 'string' ? message : joinParts(message));
    await expect.poll(() => frames.some((f) => f.frame.type === 'result' && f.frame.id === id)).toBe(true);
    return frames.find((f) => f.frame.type === 'result' && f.frame.id === id)!.frame;
  };
  return { host, ws, frames, calls, call };
};

const progress = (done: number, phase = 'downloading') => ({ accountId: 'acc1', phase, done, total: 500, bytes: done * 10 });
const checking = (done: number) => ({
  accountId: 'acc1',
  state: 'checking',
  lastCheckedAt: null,
  nextCheckAt: null,
  error: null,
  detail: `Downloading ${done} of 500`,
});
const events = (frames: { frame: ServerFrame }[]) =>
  frames.flatMap(({ frame }) => (frame.type === 'event' ? [{ name: frame.name, payload: frame.payload as Record<string, unknown> }] : []));

describe('browser host frames', () => {
  it('sends a store request with bytes for the page to fetch, and takes binary calls from the page', async () => {
    const { host, frames, calls, call } = await connect();
    await call('store:attach', { clientId: 'page' });
    const clientId = calls[0]!.clientId;
    const raw = new Uint8Array([0, 0x0d, 0x0a, 0x2e, 0xff, 0x48, 0x4d, 0x57, 0x01]);

    expect(
      host.sink.sendTo(clientId, 'store:request', {
        requestId: 'r1',
        request: { kind: 'readSource', messageId: 'm', bytes: raw },
      } as never),
    ).toBe(true);
    await expect.poll(() => frames.length).toBe(3);
    // The socket says where the bytes are; the frame itself comes by HTTP.
    const [pickup, fetched] = frames.slice(-2) as [(typeof frames)[number], (typeof frames)[number]];
    expect(pickup).toEqual({ binary: false, frame: { type: 'pickup', id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) } });
    expect(fetched.frame).toMatchObject({ type: 'event', name: 'store:request', payload: { requestId: 'r1' } });
    expect(Array.from((fetched.frame as { payload: { request: { bytes: Uint8Array } } }).payload.request.bytes)).toEqual(Array.from(raw));

    const answer = await call('mime:parse', { bytes: raw });
    expect(calls.at(-1)!.input).toEqual({ bytes: raw });
    expect(Array.from((answer as { result: { value: { echo: { bytes: Uint8Array } } } }).result.value.echo.bytes)).toEqual(Array.from(raw));
  });

  it('delivers a batch of many sources (one part each) whole and in order', async () => {
    const { host, frames, calls, call } = await connect();
    await call('store:attach', { clientId: 'page' });
    const clientId = calls[0]!.clientId;
    // 1,500 parts of different sizes: more than one writev (IOV_MAX 1024) and than a socket buffer.
    const sources = Array.from({ length: 1500 }, (_, i) => ({
      id: `m${i}`,
      bytes: new Uint8Array(50 + ((i * 7919) % 9000)).fill(i % 251),
    }));
    const batch = { id: 'b1', accountId: 'acc1', ops: [{ op: 'putMessages', messages: [], sources }] };
    expect(host.sink.sendTo(clientId, 'store:request', { requestId: 'r1', request: { kind: 'apply', batch } } as never)).toBe(true);

    await expect.poll(() => frames.length).toBe(3);
    const got = (frames.at(-1)!.frame as unknown as { payload: { request: { batch: typeof batch } } }).payload.request.batch;
    const gotSources = (got.ops[0] as { sources: { id: string; bytes: Uint8Array }[] }).sources;
    expect(gotSources.map((s) => s.id)).toEqual(sources.map((s) => s.id));
    gotSources.forEach((s, i) => expect(Buffer.from(s.bytes).equals(Buffer.from(sources[i]!.bytes))).toBe(true));
  });

  it('sends the store worker’s connection (role=store) its store requests but no broadcast events', async () => {
    const { host, frames, calls, call } = await connect({ role: 'store' });
    await call('store:attach', { clientId: 'worker' });
    const clientId = calls[0]!.clientId;
    host.sink.broadcast('sync:progress', progress(0, 'listing') as never);
    host.sink.broadcast('account:status', { ...checking(1), state: 'online' } as never);
    expect(host.sink.sendTo(clientId, 'store:request', { requestId: 'r1', request: { kind: 'readPopState', accountId: 'acc1' } })).toBe(
      true,
    );

    await expect.poll(() => events(frames).length).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(events(frames).map((e) => e.name)).toEqual(['store:request']);
  });

  it('serves a frame’s bytes once, to its own origin, and forgets them when the page goes', async () => {
    const { host, ws, frames, calls, call } = await connect({ fetchPickups: false });
    await call('store:attach', {});
    const clientId = calls[0]!.clientId;
    const pickupIds = () =>
      frames.flatMap(({ frame }) => ((frame as unknown as PickupFrame).type === 'pickup' ? [(frame as unknown as PickupFrame).id] : []));
    const request = (n: number) =>
      ({ requestId: `r${n}`, request: { kind: 'readSource', messageId: 'm', bytes: new Uint8Array(300_000).fill(n) } }) as never;
    const url = (id: string) => `http://127.0.0.1:${host.port}/pickup/${id}`;

    host.sink.sendTo(clientId, 'store:request', request(1));
    host.sink.sendTo(clientId, 'store:request', request(2));
    await expect.poll(() => pickupIds().length).toBe(2);
    const [first, second] = pickupIds() as [string, string];

    // Another site's page cannot make the browser fetch it, whatever id it tries.
    expect((await fetch(url(first), { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
    expect((await fetch(url('A'.repeat(22)))).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${host.port}/pickup/../index.html`)).status).not.toBe(200);
    const response = await fetch(url(first), { headers: { 'Sec-Fetch-Site': 'same-origin' } });
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = new Uint8Array(await response.arrayBuffer());
    expect((decodeWire(body) as { payload: { request: { bytes: Uint8Array } } }).payload.request.bytes.every((b) => b === 1)).toBe(true);

    expect((await fetch(url(first))).status).toBe(404); // once only
    ws.terminate();
    await expect.poll(() => fetch(url(second)).then((r) => r.status)).toBe(404);
  });
});
