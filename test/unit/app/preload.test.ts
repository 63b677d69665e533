import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

import { CALL_CHANNEL, EVENT_CHANNEL } from '../../../electron/app/channels';
import type { Transport } from '../../../renderer/api/transport';
import { fake } from './fake-electron';

let bridge: Transport;

beforeAll(async () => {
  await import('../../../electron/preload');
  bridge = fake.contextBridge.exposeInMainWorld.mock.calls[0]![1] as Transport;
});

beforeEach(() => {
  fake.ipcRenderer.invoke.mockClear();
});

describe('preload', () => {
  it('exposes exactly one namespaced object, homingBridge, with call and subscribe', () => {
    expect(fake.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    const [key, api] = fake.contextBridge.exposeInMainWorld.mock.calls[0]!;
    expect(key).toBe('homingBridge');
    expect(Object.keys(api as object).sort()).toEqual(['call', 'subscribe']);
  });

  it('sends (name, input) on homing:call unchanged and returns the Result', async () => {
    fake.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: [1] });
    const bytes = new Uint8Array([13, 10, 46, 13, 10]);
    const input = { bytes };
    await expect(bridge.call('mime:parse', input)).resolves.toEqual({ ok: true, value: [1] });
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith(CALL_CHANNEL, 'mime:parse', input);
    // Structured clone carries Uint8Array as is; no base64 in this transport.
    expect((fake.ipcRenderer.invoke.mock.calls[0]![2] as { bytes: unknown }).bytes).toBe(bytes);
  });

  it('answers a failed IPC round trip with a Result, never a rejection', async () => {
    fake.ipcRenderer.invoke.mockRejectedValueOnce(new Error("Error invoking remote method 'homing:call': no handler"));
    await expect(bridge.call('accounts:list', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('hands listeners (name, payload) only, never the IPC event, and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.subscribe(listener);
    const ipcEvent = { sender: fake.ipcRenderer, senderId: 0, ports: [] };
    const payload = { requestId: 'r', request: { kind: 'readSource', messageId: 'm' }, bytes: new Uint8Array([1, 2]) };
    fake.ipcRenderer.emit(EVENT_CHANNEL, ipcEvent, 'store:request', payload);
    expect(listener).toHaveBeenCalledOnce();
    expect(listener.mock.calls[0]).toHaveLength(2);
    expect(listener.mock.calls[0]![0]).toBe('store:request');
    expect(listener.mock.calls[0]![1]).toBe(payload);
    expect(listener.mock.calls[0]).not.toContain(ipcEvent);

    unsubscribe();
    fake.ipcRenderer.emit(EVENT_CHANNEL, ipcEvent, 'store:request', payload);
    expect(listener).toHaveBeenCalledOnce();
    expect(fake.ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(0);
  });

  it('ignores a malformed event without a string name', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.subscribe(listener);
    fake.ipcRenderer.emit(EVENT_CHANNEL, {}, { not: 'a name' }, 1);
    expect(listener).not.toHaveBeenCalled();
    unsubscribe();
  });
});
