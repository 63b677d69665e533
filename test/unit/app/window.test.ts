import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

import type { AppLocation } from '../../../electron/app/app-location';
import { createMainWindow, loadApp } from '../../../electron/app/window';
import { FakeBrowserWindow, type FakeWebContents, navigationEvent } from './fake-electron';

const packaged: AppLocation = { devServerUrl: null, indexFile: '/opt/Homing/resources/app.asar/.vite/renderer/main_window/index.html' };
const dev: AppLocation = { devServerUrl: 'http://localhost:5173', indexFile: '/repo/.vite/renderer/main_window/index.html' };

const open = (location: AppLocation) => {
  const win = createMainWindow({ location, preloadPath: '/app/.vite/build/preload.cjs' }) as unknown as FakeBrowserWindow;
  return { win, contents: win.webContents as FakeWebContents };
};

/** Fires a navigation event the way Electron does; true when our handler let it happen. */
const navigate = (contents: FakeWebContents, eventName: string, url: string, isMainFrame = true): boolean => {
  const event = navigationEvent(url, isMainFrame);
  contents.emit(eventName, event);
  return !event.defaultPrevented;
};

beforeEach(() => {
  FakeBrowserWindow.instances.length = 0;
});

describe('main window', () => {
  it('turns on every renderer security option and loads the sandboxed preload', () => {
    const { win } = open(packaged);
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/.vite/build/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
      navigateOnDragDrop: false,
    });
    // Shown only once painted, so no white flash and no half-loaded window.
    expect(win.options.show).toBe(false);
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledOnce();
  });

  it('denies every window.open, whatever the URL', () => {
    const { contents } = open(packaged);
    for (const url of [
      'https://example.com/',
      'http://tracker.example/x',
      'mailto:a@example.com',
      'file:///etc/passwd',
      'about:blank',
      'javascript:alert(1)',
    ]) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
  });

  it('keeps the main frame on our own page when packaged (file://)', () => {
    const { contents } = open(packaged);
    expect(navigate(contents, 'will-navigate', 'https://evil.example/phish')).toBe(false);
    expect(navigate(contents, 'will-navigate', 'file:///etc/passwd')).toBe(false);
    expect(navigate(contents, 'will-navigate', 'file:///opt/Homing/resources/app.asar/.vite/renderer/main_window/other.html')).toBe(false);
    expect(navigate(contents, 'will-navigate', 'file:///opt/Homing/resources/app.asar/.vite/renderer/main_window/index.html#/inbox')).toBe(
      true,
    );
    expect(navigate(contents, 'will-frame-navigate', 'https://evil.example/', true)).toBe(false);
    expect(navigate(contents, 'will-redirect', 'https://evil.example/', true)).toBe(false);
  });

  it('keeps the main frame on the dev server in development', () => {
    const { contents } = open(dev);
    expect(navigate(contents, 'will-navigate', 'http://localhost:5173/')).toBe(true);
    expect(navigate(contents, 'will-navigate', 'http://localhost:5174/')).toBe(false);
    expect(navigate(contents, 'will-navigate', 'http://127.0.0.1:5173/')).toBe(false);
    expect(navigate(contents, 'will-frame-navigate', 'https://localhost:5173/', true)).toBe(false);
  });

  it('lets the mail frame show only srcdoc, blank or our own blob: documents', () => {
    const { contents } = open(dev);
    expect(navigate(contents, 'will-frame-navigate', 'about:srcdoc', false)).toBe(true);
    expect(navigate(contents, 'will-frame-navigate', 'about:blank', false)).toBe(true);
    expect(navigate(contents, 'will-frame-navigate', 'blob:http://localhost:5173/5f0c7d1e-0000-4000-8000-000000000000', false)).toBe(true);
    // A link clicked inside a message, or a meta refresh in it.
    expect(navigate(contents, 'will-frame-navigate', 'https://evil.example/landing', false)).toBe(false);
    expect(navigate(contents, 'will-frame-navigate', 'blob:https://evil.example/5f0c7d1e', false)).toBe(false);
    expect(navigate(contents, 'will-frame-navigate', 'data:text/html,<script>alert(1)</script>', false)).toBe(false);
    expect(navigate(contents, 'will-frame-navigate', 'javascript:alert(1)', false)).toBe(false);
    expect(navigate(contents, 'will-redirect', 'https://evil.example/', false)).toBe(false);
  });

  it('allows only blob:null/ mail frames for the packaged file:// page', () => {
    const { contents } = open(packaged);
    expect(navigate(contents, 'will-frame-navigate', 'blob:null/5f0c7d1e-0000-4000-8000-000000000000', false)).toBe(true);
    expect(navigate(contents, 'will-frame-navigate', 'blob:http://localhost:5173/5f0c7d1e', false)).toBe(false);
    expect(navigate(contents, 'will-frame-navigate', 'file:///etc/passwd', false)).toBe(false);
  });

  it('never attaches a <webview>', () => {
    const { contents } = open(packaged);
    const event = navigationEvent('', true);
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('loads the dev server URL in development and the built index.html when packaged', async () => {
    const a = open(dev);
    await loadApp(a.win as never, dev);
    expect(a.win.loadURL).toHaveBeenCalledWith('http://localhost:5173');
    expect(a.win.loadFile).not.toHaveBeenCalled();

    const b = open(packaged);
    await loadApp(b.win as never, packaged);
    expect(b.win.loadFile).toHaveBeenCalledWith(packaged.indexFile);
    expect(b.win.loadURL).not.toHaveBeenCalled();
  });
});
