import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type * as EngineNamespace from '../../../electron/engine';

type EngineModule = typeof EngineNamespace;

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);
vi.mock('../../../electron/engine', async (importOriginal) => ({
  ...(await importOriginal<EngineModule>()),
  createEngine: vi.fn(),
}));

import { startApp } from '../../../electron/app/start-app';
import * as engineModule from '../../../electron/engine';
import * as fakes from './fake-electron';

const buildDir = '/opt/Homing/app.asar/.vite/build';

let userData: string;
const engine = { dispatch: vi.fn(), clientGone: vi.fn(), dispose: vi.fn(async () => undefined) };

beforeEach(async () => {
  fakes.resetFakes();
  userData = await mkdtemp(join(tmpdir(), 'homing-userdata-'));
  fakes.fake.app.userData = userData;
  vi.mocked(engineModule.createEngine).mockResolvedValue(engine);
});

afterEach(async () => {
  await rm(userData, { recursive: true, force: true });
});

const started = async () => {
  startApp(buildDir);
  fakes.fake.app.ready();
  await vi.waitFor(() => expect(fakes.FakeBrowserWindow.instances).toHaveLength(1));
  return fakes.FakeBrowserWindow.instances[0]!;
};

describe('app lifecycle', () => {
  it('sandboxes every renderer and takes the single-instance lock before anything else', () => {
    startApp(buildDir);
    expect(fakes.fake.app.enableSandbox).toHaveBeenCalledOnce();
    expect(fakes.fake.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
  });

  it('on ready: hardens the session, creates the engine in userData, wires IPC, opens and loads the window', async () => {
    const win = await started();
    const { createEngine } = engineModule;
    expect(createEngine).toHaveBeenCalledOnce();
    const opts = vi.mocked(createEngine).mock.calls[0]![0];
    expect(opts).toMatchObject({ dataDir: userData, transport: 'electron', version: '0.1.0' });
    expect(opts.secrets.constructor.name).toBe('SafeStorageSecretStore');
    expect(typeof opts.sink.broadcast).toBe('function');

    const ses = fakes.fake.session.defaultSession;
    expect(ses.permissionRequestHandler).not.toBeNull();
    expect(ses.permissionCheckHandler).not.toBeNull();
    expect(ses.beforeRequest).not.toBeNull();
    expect(ses.request('https://tracker.example/pixel.gif')).toBe(false);
    expect([...fakes.fake.ipcMain.handlers.keys()]).toEqual(['homing:call']);

    expect((win.options.webPreferences as { preload: string }).preload).toBe(`${buildDir}/preload.cjs`);
    expect(win.loadFile).toHaveBeenCalledWith('/opt/Homing/app.asar/.vite/renderer/main_window/index.html');
  });

  it('quits at once when another instance already runs', async () => {
    fakes.fake.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    startApp(buildDir);
    fakes.fake.app.ready();
    await new Promise((r) => setTimeout(r, 20));
    expect(fakes.fake.app.quit).toHaveBeenCalled();
    expect(engineModule.createEngine).not.toHaveBeenCalled();
    expect(fakes.FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('focuses the existing window when a second instance starts', async () => {
    const win = await started();
    fakes.fake.app.emit('second-instance', {}, [], '/');
    expect(win.focus).toHaveBeenCalled();
  });

  it('quits when the last window closes (outside macOS)', async () => {
    await started();
    fakes.fake.app.emit('window-all-closed');
    expect(fakes.fake.app.quit).toHaveBeenCalled();
  });

  it('disposes the engine before quitting, then lets the quit through', async () => {
    await started();
    const first = { preventDefault: vi.fn() };
    fakes.fake.app.emit('will-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(engine.dispose).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(fakes.fake.app.quit).toHaveBeenCalled());
    expect(fakes.fake.ipcMain.handlers.size).toBe(0);
    const second = { preventDefault: vi.fn() };
    fakes.fake.app.emit('will-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(engine.dispose).toHaveBeenCalledOnce();
  });

  it('shows a plain error and exits when the engine cannot start', async () => {
    vi.mocked(engineModule.createEngine).mockRejectedValueOnce(new Error('EACCES: permission denied, mkdir'));
    startApp(buildDir);
    fakes.fake.app.ready();
    await vi.waitFor(() => expect(fakes.fake.app.exit).toHaveBeenCalledWith(1));
    expect(fakes.fake.dialog.showErrorBox).toHaveBeenCalledWith('Homing could not start', expect.stringContaining('EACCES'));
    expect(fakes.FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('denies pop-ups and <webview> for any web contents, not only ours', () => {
    startApp(buildDir);
    const contents = new fakes.FakeWebContents();
    fakes.fake.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});
