import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

import type { AppLocation } from '../../../electron/app/app-location';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../../electron/app/channels';
import { createIpcBridge, type IpcBridge } from '../../../electron/app/ipc';
import type { Logger } from '../../../electron/engine';
import { fake, FakeFrame, FakeWebContents } from './fake-electron';

const location: AppLocation = { devServerUrl: null, indexFile: '/opt/Homing/app.asar/.vite/renderer/main_window/index.html' };
const APP_URL = 'file:///opt/Homing/app.asar/.vite/renderer/main_window/index.html';

const logger = (): Logger & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`INFO ${m}`), warn: (m) => lines.push(`WARN ${m}`), error: (m) => lines.push(`ERROR ${m}`) };
};

const engineStub = () => ({
  dispatch: vi.fn(async (_name: unknown, _input: unknown, _ctx: { clientId: string }) => ({ ok: true as const, value: 'answer' })),
  clientGone: vi.fn(),
});

/** Calls the registered `homing:call` handler as Electron would for this sender. */
const invoke = (sender: FakeWebContents, frame: FakeFrame | null, name: unknown, input: unknown) => {
  const handler = fake.ipcMain.handlers.get(CALL_CHANNEL)!;
  return handler({ sender, senderFrame: frame, frameId: 1, processId: 1, type: 'frame' }, name, input) as Promise<unknown>;
};

let bridge: IpcBridge;
let engine: ReturnType<typeof engineStub>;
let log: ReturnType<typeof logger>;
let win: FakeWebContents;

beforeEach(() => {
  fake.ipcMain.handlers.clear();
  log = logger();
  engine = engineStub();
  bridge = createIpcBridge({ location, log });
  bridge.connect(engine);
  win = new FakeWebContents(APP_URL);
  bridge.addClient(win as never);
});

describe('homing:call', () => {
  it('registers exactly one invoke handler, removed on dispose', () => {
    expect([...fake.ipcMain.handlers.keys()]).toEqual([CALL_CHANNEL]);
    bridge.dispose();
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it("forwards a trusted main frame's (name, input) to dispatch unchanged, with the window as client", async () => {
    const input = { messageId: 'acc/INBOX/1/7', bytes: new Uint8Array([0, 1, 2, 255]), extra: 'left for the schema to reject' };
    const result = await invoke(win, win.mainFrame, 'message:fetchSource', input);
    expect(result).toEqual({ ok: true, value: 'answer' });
    expect(engine.dispatch).toHaveBeenCalledOnce();
    const [name, passed, ctx] = engine.dispatch.mock.calls[0]!;
    expect(name).toBe('message:fetchSource');
    expect(passed).toBe(input);
    expect(ctx).toEqual({ clientId: String(win.id) });
  });

  it('passes even malformed names and inputs through as unknown; dispatch is what parses them', async () => {
    await invoke(win, win.mainFrame, 42, 'not an object');
    expect(engine.dispatch).toHaveBeenCalledWith(42, 'not an object', { clientId: String(win.id) });
  });

  it('refuses a frame showing a foreign URL, without calling dispatch', async () => {
    win.mainFrame.url = 'https://evil.example/';
    const result = await invoke(win, win.mainFrame, 'accounts:list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(engine.dispatch).not.toHaveBeenCalled();
    expect(log.lines.join('\n')).toContain('https://evil.example');
  });

  it('refuses another file:// page, even next to ours', async () => {
    win.mainFrame.url = 'file:///opt/Homing/app.asar/.vite/renderer/main_window/evil.html';
    await invoke(win, win.mainFrame, 'accounts:list', {});
    expect(engine.dispatch).not.toHaveBeenCalled();
  });

  it('refuses a subframe (the mail iframe), even one at our own URL', async () => {
    const sub = new FakeFrame(APP_URL, win.mainFrame);
    const result = await invoke(win, sub, 'accounts:list', {});
    expect(result).toMatchObject({ ok: false });
    expect(engine.dispatch).not.toHaveBeenCalled();
    expect(await invoke(win, new FakeFrame('about:srcdoc', win.mainFrame), 'accounts:list', {})).toMatchObject({ ok: false });
    expect(engine.dispatch).not.toHaveBeenCalled();
  });

  it('refuses a frame that is gone or detached', async () => {
    await invoke(win, null, 'accounts:list', {});
    win.mainFrame.detached = true;
    await invoke(win, win.mainFrame, 'accounts:list', {});
    expect(engine.dispatch).not.toHaveBeenCalled();
  });

  it('refuses a window we did not create, even showing our page, and a destroyed one', async () => {
    const stranger = new FakeWebContents(APP_URL);
    await invoke(stranger, stranger.mainFrame, 'accounts:list', {});
    win.destroy();
    await invoke(win, win.mainFrame, 'accounts:list', {});
    expect(engine.dispatch).not.toHaveBeenCalled();
  });

  it('turns a dispatch that throws into an internal Result', async () => {
    engine.dispatch.mockRejectedValueOnce(new Error('boom'));
    expect(await invoke(win, win.mainFrame, 'accounts:list', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('accepts any page of the dev server in development', async () => {
    fake.ipcMain.handlers.clear();
    const devBridge = createIpcBridge({ location: { devServerUrl: 'http://localhost:5173', indexFile: '/x/index.html' }, log });
    devBridge.connect(engine);
    const devWin = new FakeWebContents('http://localhost:5173/');
    devBridge.addClient(devWin as never);
    await invoke(devWin, devWin.mainFrame, 'app:info', {});
    expect(engine.dispatch).toHaveBeenCalledOnce();
    devWin.mainFrame.url = 'http://localhost:5174/';
    await invoke(devWin, devWin.mainFrame, 'app:info', {});
    expect(engine.dispatch).toHaveBeenCalledOnce();
  });
});

describe('event sink', () => {
  it('broadcasts (name, payload) on homing:event to every live window showing our page', () => {
    const other = new FakeWebContents(APP_URL);
    const gone = new FakeWebContents(APP_URL);
    const elsewhere = new FakeWebContents('https://evil.example/');
    for (const c of [other, gone, elsewhere]) bridge.addClient(c as never);
    gone.destroy();
    const payload = { accountId: 'a', phase: 'downloading' as const, done: 1, total: 2, bytes: 10 };
    bridge.sink.broadcast('sync:progress', payload);
    expect(win.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'sync:progress', payload);
    expect(other.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'sync:progress', payload);
    expect(gone.send).not.toHaveBeenCalled();
    expect(elsewhere.send).not.toHaveBeenCalled();
  });

  it('sends to one client by id and says whether it is still there', () => {
    const other = new FakeWebContents(APP_URL);
    bridge.addClient(other as never);
    const payload = { requestId: 'r1', request: { kind: 'readSource' as const, messageId: 'm' } };
    expect(bridge.sink.sendTo(String(win.id), 'store:request', payload)).toBe(true);
    expect(win.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'store:request', payload);
    expect(other.send).not.toHaveBeenCalled();
    win.destroy();
    expect(bridge.sink.sendTo(String(win.id), 'store:request', payload)).toBe(false);
    expect(bridge.sink.sendTo('99999', 'store:request', payload)).toBe(false);
  });

  it('reports a send that throws (uncloneable payload) as not delivered, naming only the event', () => {
    win.send.mockImplementationOnce(() => {
      throw new Error('An object could not be cloned.');
    });
    expect(bridge.sink.sendTo(String(win.id), 'log:error', { accountId: null, error: { code: 'internal', message: 'x' } })).toBe(false);
    expect(log.lines.at(-1)).toContain('log:error');
  });
});

describe('client lifecycle', () => {
  it('tells the engine when a window is destroyed, reloads or its renderer dies', () => {
    win.emit('did-navigate', {}, APP_URL, 200, 'OK');
    win.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 133 });
    win.destroy();
    expect(engine.clientGone).toHaveBeenCalledTimes(3);
    expect(engine.clientGone).toHaveBeenCalledWith(String(win.id));
  });
});
