import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Result } from '../../../electron/contract/result';
import type { Transport } from '../../../renderer/api/transport';
import type { HomingDb } from '../../../renderer/store/db';
import { bridgeStoreRequests } from '../../../renderer/store/store-bridge';
import { createStoreWriter } from '../../../renderer/store/writer';
import { apply, bytes, freshDb, message, popEntry, popStates, setupOps } from './fixtures';

/** A transport whose events the test emits and whose calls it records. */
const fakeTransport = () => {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const calls: { name: string; input: unknown }[] = [];
  let respond: (name: string, input: unknown) => Promise<Result<unknown>> = async (name) =>
    name === 'store:attach' ? { ok: true, value: { attached: true } } : { ok: true, value: { received: true } };
  const transport: Transport = {
    call: (name, input) => {
      calls.push({ name, input });
      return respond(name, input);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    transport,
    calls,
    listeners,
    emit: (name: string, payload: unknown) => {
      for (const listener of listeners) listener(name, payload);
    },
    setRespond: (fn: typeof respond) => {
      respond = fn;
    },
  };
};

const responses = (calls: { name: string; input: unknown }[]) =>
  calls.filter((c) => c.name === 'store:respond').map((c) => c.input as { requestId: string; result: Result<unknown> });

let db: HomingDb;
afterEach(() => db?.delete());

describe('bridgeStoreRequests', () => {
  it('subscribes, then attaches with a client id', async () => {
    const fake = fakeTransport();
    let subscribedBeforeAttach = false;
    const call = fake.transport.call;
    fake.transport.call = (name, input) => {
      if (name === 'store:attach') subscribedBeforeAttach = fake.listeners.size === 1;
      return call(name, input);
    };

    const bridge = bridgeStoreRequests(fake.transport, async () => ({ ok: true, value: null }));

    expect(await bridge.attached).toEqual({ ok: true, value: { attached: true } });
    expect(subscribedBeforeAttach).toBe(true);
    expect(fake.calls[0]).toEqual({ name: 'store:attach', input: { clientId: bridge.clientId } });
    expect(bridge.clientId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('attaches again after the transport lost its connection, and not once stopped', async () => {
    const fake = fakeTransport();
    const bridge = bridgeStoreRequests(fake.transport, async () => ({ ok: true, value: null }));
    await bridge.attached;

    fake.emit('transport:closed', {});
    const attaches = () => fake.calls.filter((c) => c.name === 'store:attach');
    expect(attaches()).toEqual([
      { name: 'store:attach', input: { clientId: bridge.clientId } },
      { name: 'store:attach', input: { clientId: bridge.clientId } },
    ]);

    bridge.stop();
    fake.emit('transport:closed', {});
    expect(attaches()).toHaveLength(2);
  });

  it('applies a batch from the engine and answers store:respond only after it committed', async () => {
    db = freshDb();
    const fake = fakeTransport();
    const writer = createStoreWriter(db);
    bridgeStoreRequests(fake.transport, writer.handleUnknown, { clientId: 'ui-1' });
    const m = message({ folderId: 'acc1/INBOX' });
    const request = apply([
      ...setupOps(),
      { op: 'putMessages', messages: [m], sources: [{ id: m.id, bytes: bytes('raw') }] },
      { op: 'putPopState', entries: [popEntry('acc1', m.remoteKey, m.id)] },
    ]);

    let storedWhenAnswered: unknown = 'not answered';
    fake.setRespond(async (name) => {
      if (name === 'store:respond') storedWhenAnswered = (await popStates(db)).find((s) => s.id === `acc1/${m.remoteKey}`);
      return { ok: true, value: { received: true } };
    });
    fake.emit('store:request', { requestId: 'e-17', request });

    await vi.waitFor(() => expect(responses(fake.calls)).toHaveLength(1));
    expect(responses(fake.calls)[0]).toEqual({ requestId: 'e-17', result: { ok: true, value: { committed: true } } });
    expect(storedWhenAnswered).toMatchObject({ uidl: m.remoteKey });
  });

  it('answers reads and failures with the request id they came with', async () => {
    db = freshDb();
    const fake = fakeTransport();
    bridgeStoreRequests(fake.transport, createStoreWriter(db).handleUnknown);

    fake.emit('store:request', { requestId: 'r1', request: { kind: 'readPopState', accountId: 'acc1' } });
    fake.emit('store:request', { requestId: 'r2', request: { kind: 'apply', batch: { id: 'b', ops: 'nonsense' } } });
    fake.emit('store:request', {
      requestId: 'r3',
      request: apply([{ op: 'putMessages', messages: [message({ folderId: 'x/y' })], sources: [] }]),
    });

    await vi.waitFor(() => expect(responses(fake.calls)).toHaveLength(3));
    const byId = Object.fromEntries(responses(fake.calls).map((r) => [r.requestId, r.result]));
    expect(byId.r1).toEqual({ ok: true, value: [] });
    expect(byId.r2).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(byId.r3).toMatchObject({ ok: false, error: { code: 'store_failed' } });
  });

  it('ignores other events and requests without an id, and stops on stop()', async () => {
    const fake = fakeTransport();
    const handle = vi.fn(async () => ({ ok: true as const, value: null }));
    const problems: string[] = [];
    const bridge = bridgeStoreRequests(fake.transport, handle, { onProblem: (p) => problems.push(p) });

    fake.emit('account:status', { requestId: 'x', request: {} });
    fake.emit('store:request', { request: { kind: 'readSource', messageId: 'm' } });
    fake.emit('store:request', null);
    bridge.stop();
    fake.emit('store:request', { requestId: 'late', request: { kind: 'readSource', messageId: 'm' } });

    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(handle).not.toHaveBeenCalled();
    expect(problems).toHaveLength(2);
    expect(fake.listeners.size).toBe(0);
  });

  it('reports an answer the transport could not deliver', async () => {
    const fake = fakeTransport();
    const problems: string[] = [];
    fake.setRespond(async (name) =>
      name === 'store:respond' ? { ok: false, error: { code: 'connection_lost', message: 'socket closed' } } : { ok: true, value: {} },
    );
    bridgeStoreRequests(fake.transport, async () => ({ ok: true, value: null }), { onProblem: (p) => problems.push(p) });

    fake.emit('store:request', { requestId: 'r9', request: {} });

    await vi.waitFor(() => expect(problems).toEqual(['answer to r9 was not delivered: socket closed']));
  });
});
