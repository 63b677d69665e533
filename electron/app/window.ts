import { BrowserWindow, type WebContents, type WebPreferences } from 'electron';

import { type AppLocation, isAllowedSubframeUrl, isAppUrl } from './app-location';

/**
 * Electron's security checklist, applied to the one kind of window Homing has. The renderer gets
 * no Node, runs in Chromium's sandbox, and reaches the engine only through the preload's
 * `homingBridge`; untrusted mail is a sandboxed iframe inside it.
 */
export const mainWindowWebPreferences = (preloadPath: string): WebPreferences => ({
  preload: preloadPath,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  // Dropping a file or link on the window must not replace our page with it.
  navigateOnDragDrop: false,
  // A page stuck in an alert() loop can be stopped.
  safeDialogs: true,
  spellcheck: true,
});

/**
 * Navigation and pop-up rules for a window showing our page:
 * - no window.open / target=_blank / middle-click opens anything (the reader opens a confirmed
 *   link in the system browser through the validated `app:openExternal` command, not here);
 * - the main frame may only (re)load our own page;
 * - a subframe (the mail frame) may only show about:srcdoc, about:blank or our own blob: URLs,
 *   so a link in a message can never turn the frame into a remote page;
 * - <webview> can never be attached.
 */
export const guardWebContents = (contents: WebContents, location: AppLocation): void => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));

  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url, location)) event.preventDefault();
  });

  contents.on('will-frame-navigate', (event) => {
    const allowed = event.isMainFrame ? isAppUrl(event.url, location) : isAllowedSubframeUrl(event.url, location);
    if (!allowed) event.preventDefault();
  });

  contents.on('will-redirect', (event) => {
    const allowed = event.isMainFrame ? isAppUrl(event.url, location) : isAllowedSubframeUrl(event.url, location);
    if (!allowed) event.preventDefault();
  });

  contents.on('will-attach-webview', (event) => event.preventDefault());
};

export interface MainWindowOptions {
  location: AppLocation;
  /** Absolute path of the bundled preload script (CommonJS; sandboxed preloads cannot be ESM). */
  preloadPath: string;
}

export const createMainWindow = (opts: MainWindowOptions): BrowserWindow => {
  const win = new BrowserWindow({
    title: 'Homing',
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    webPreferences: mainWindowWebPreferences(opts.preloadPath),
  });
  guardWebContents(win.webContents, opts.location);
  win.once('ready-to-show', () => win.show());
  return win;
};

/** Loads our page: the dev server under `electron-forge start`, the built index.html otherwise. */
export const loadApp = (win: BrowserWindow, location: AppLocation): Promise<void> =>
  location.devServerUrl ? win.loadURL(location.devServerUrl) : win.loadFile(location.indexFile);
