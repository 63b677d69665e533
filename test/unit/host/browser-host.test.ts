import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';

import type { EventName } from '../../../electron/contract';
import { decodeWire, encodeWire, joinParts, type ServerFrame } from '../../../electron/contract/wire';
import type { Engine } from '../../../electron/engine';
import { type BrowserHost, PROGRESS_INTERVAL_MS, startBrowserHost } from '../../../electron/host/server';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A host with a fake engine that records calls, and one connected page. */
const connect = async () => {
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

  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=test-token`, { origin: `http://127.0.0.1:${host.port}` });
  cleanups.push(() => ws.terminate());
  const frames: { frame: ServerFrame; binary: boolean }[] = [];
  ws.on('message', (data: Buffer, isBinary) =>
    frames.push({ frame: decodeWire(isBinary ? data : data.toString('utf8')) as ServerFrame, binary: isBinary }),
  );
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
  it('sends a store request with bytes as one binary frame, and takes binary calls from the page', async () => {
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
    await expect.poll(() => events(frames).length).toBe(1);
    const sent = frames.at(-1)!;
    expect(sent.binary).toBe(true);
    expect(Array.from((sent.frame as { payload: { request: { bytes: Uint8Array } } }).payload.request.bytes)).toEqual(Array.from(raw));

    const answer = await call('mime:parse', { bytes: raw });
    expect(calls.at(-1)!.input).toEqual({ bytes: raw });
    expect(Array.from((answer as { result: { value: { echo: { bytes: Uint8Array } } } }).result.value.echo.bytes)).toEqual(Array.from(raw));
  });

  it('coalesces per-message progress and "checking" status, keeping order and the last numbers', async () => {
    const { host, frames, calls, call } = await connect();
    await call('store:attach', { clientId: 'page' });
    const clientId = calls[0]!.clientId;
    const seen: EventName[] = [];
    const broadcast = (name: EventName, payload: unknown) => {
      seen.push(name);
      host.sink.broadcast(name, payload as never);
    };

    broadcast('sync:progress', progress(0, 'listing'));
    for (let done = 1; done <= 300; done++) {
      broadcast('sync:progress', progress(done));
      broadcast('account:status', checking(done));
    }
    host.sink.sendTo(clientId, 'store:request', { requestId: 'r1', request: { kind: 'readPopState', accountId: 'acc1' } });
    for (let done = 301; done <= 500; done++) {
      broadcast('sync:progress', progress(done));
      broadcast('account:status', checking(done));
    }
    await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS * 3));
    broadcast('sync:progress', progress(500, 'done'));
    broadcast('account:status', { ...checking(500), state: 'online', detail: '500 new messages' });

    await expect.poll(() => events(frames).at(-1)?.payload.state).toBe('online');
    const got = events(frames);
    // 1,002 events in, a handful out.
    expect(seen).toHaveLength(1003);
    expect(got.length).toBeLessThan(15);
    // A phase change goes at once; the store request comes after the progress that preceded it.
    expect(got[0]).toEqual({ name: 'sync:progress', payload: progress(0, 'listing') });
    const request = got.findIndex((e) => e.name === 'store:request');
    expect(
      got
        .slice(0, request)
        .filter((e) => e.name === 'sync:progress')
        .at(-1)!.payload.done,
    ).toBe(300);
    expect(
      got
        .slice(0, request)
        .filter((e) => e.name === 'account:status')
        .at(-1)!.payload.detail,
    ).toBe('Downloading 300 of 500');
    // The last numbers of the burst always arrive, before the final state.
    expect(got.filter((e) => e.name === 'sync:progress').map((e) => e.payload.done)).toContain(500);
    expect(got.filter((e) => e.name === 'account:status').map((e) => e.payload.detail)).toContain('Downloading 500 of 500');
    expect(got.at(-2)).toEqual({ name: 'sync:progress', payload: progress(500, 'done') });
    // Numbers never go backwards.
    const dones = got.filter((e) => e.name === 'sync:progress').map((e) => e.payload.done as number);
    expect([...dones].sort((a, b) => a - b)).toEqual(dones);
  });
});
