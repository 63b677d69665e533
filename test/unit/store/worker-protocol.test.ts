import { MessageChannel, type MessagePort } from 'node:worker_threads';

import { afterEach, describe, expect, it } from 'vitest';

import type { HomingDb } from '../../../renderer/store/db';
import { createWorkerClient, type MessageEndpoint, serveStoreRequests } from '../../../renderer/store/worker-protocol';
import { createStoreWriter } from '../../../renderer/store/writer';
import { apply, freshDb, message, setupOps } from './fixtures';

// Node's MessagePort structured-clones like a Worker's postMessage, and is an EventTarget.
const endpoint = (port: MessagePort): MessageEndpoint => port as unknown as MessageEndpoint;

const ports: MessagePort[] = [];
let db: HomingDb | undefined;
afterEach(async () => {
  for (const port of ports.splice(0)) port.close();
  await db?.delete();
  db = undefined;
});

const channel = () => {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  return { main: endpoint(port1), worker: endpoint(port2) };
};

describe('store worker protocol', () => {
  it('carries requests to the writer and answers back, bytes intact', async () => {
    db = freshDb();
    const { main, worker } = channel();
    serveStoreRequests(worker, createStoreWriter(db).handleUnknown);
    const client = createWorkerClient(main);
    const m = message({ folderId: 'acc1/INBOX' });
    const raw = new Uint8Array([0, 1, 2, 0xfe, 0xff, 0x0d, 0x0a, 0x2e]);

    const applied = await client.handle(apply([...setupOps(), { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: raw }] }]));
    const source = await client.handle({ kind: 'readSource', messageId: m.id });

    expect(applied).toEqual({ ok: true, value: { committed: true } });
    expect(source).toEqual({ ok: true, value: { bytes: raw } });
  });

  it('matches concurrent answers to their requests', async () => {
    const { main, worker } = channel();
    // Answers in reverse order of arrival.
    let n = 0;
    serveStoreRequests(worker, (request) => {
      const delay = 30 - 10 * n++;
      return new Promise((resolve) => setTimeout(() => resolve({ ok: true, value: request }), delay));
    });
    const client = createWorkerClient(main);

    const answers = await Promise.all(['a', 'b', 'c'].map((x) => client.handle(x)));

    expect(answers).toEqual([
      { ok: true, value: 'a' },
      { ok: true, value: 'b' },
      { ok: true, value: 'c' },
    ]);
  });

  it('turns a handler that throws into an internal failure, and stop() settles what is pending', async () => {
    const { main, worker } = channel();
    serveStoreRequests(worker, async (request) => {
      if (request === 'boom') throw new Error('kaput');
      return new Promise(() => undefined);
    });
    const client = createWorkerClient(main);

    expect(await client.handle('boom')).toEqual({ ok: false, error: { code: 'internal', message: 'The store worker failed: kaput' } });
    const pending = client.handle('never');
    client.stop();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'store_unavailable' } });
  });

  it('with transferBytes, moves the byte buffers of a request to the worker instead of copying them', async () => {
    db = freshDb();
    const { main, worker } = channel();
    serveStoreRequests(worker, createStoreWriter(db).handleUnknown);
    const client = createWorkerClient(main, { transferBytes: true });
    const a = message({ folderId: 'acc1/INBOX' });
    const b = message({ folderId: 'acc1/INBOX' });
    // As decoded from one binary frame: two views into one buffer, with bytes around them.
    const frame = new Uint8Array([9, 9, 0x41, 0x0d, 0x0a, 9, 0x42, 0xff, 9]);
    const request = apply([
      ...setupOps(),
      {
        op: 'putMessages',
        messages: [a, b],
        sources: [
          { id: a.id, bytes: frame.subarray(2, 5) },
          { id: b.id, bytes: frame.subarray(6, 8) },
        ],
      },
    ]);

    expect(await client.handle(request)).toEqual({ ok: true, value: { committed: true } });
    // Moved, not copied: detached on this side.
    expect(frame.buffer.byteLength).toBe(0);
    // Stored as exactly each view's own bytes.
    expect(await client.handle({ kind: 'readSource', messageId: a.id })).toEqual({
      ok: true,
      value: { bytes: new Uint8Array([0x41, 0x0d, 0x0a]) },
    });
    expect(await client.handle({ kind: 'readSource', messageId: b.id })).toEqual({
      ok: true,
      value: { bytes: new Uint8Array([0x42, 0xff]) },
    });
  });

  it('refuses a request structured clone cannot carry', async () => {
    const { main } = channel();
    const client = createWorkerClient(main);
    expect(await client.handle({ fn: () => 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
