import { join } from 'node:path';

import { app, BrowserWindow, dialog, session, shell } from 'electron';

import { createEngine, createLogger, type Engine, type Logger } from '../engine';
import { resolveAppLocation } from './app-location';
import { createIpcBridge, type IpcBridge } from './ipc';
import { SafeStorageSecretStore } from './safe-storage-secrets';
import { hardenSession } from './session-policy';
import { runSquirrelCommand, squirrelAction } from './squirrel-startup';
import { createMainWindow, loadApp } from './window';

/** How long quitting waits for the engine to close connections and finish in-flight writes. */
const DISPOSE_TIMEOUT_MS = 5_000;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

let reportTo: (line: string) => void = () => undefined;
const onUnhandledRejection = (reason: unknown): void => reportTo(`Unhandled rejection in the main process: ${message(reason)}`);

/**
 * The app's lifecycle: one instance, every renderer sandboxed, the engine created once the app is
 * ready and disposed before it quits. `buildDir` is the folder of the bundled main.js
 * (`.vite/build`), next to which Forge puts preload.cjs and `../renderer/main_window/`.
 */
export const startApp = (buildDir: string): void => {
  const squirrel = squirrelAction(process.argv, process.platform, process.execPath);
  if (squirrel.kind !== 'none') {
    if (squirrel.kind === 'run-then-quit') void runSquirrelCommand(squirrel.cmd, squirrel.args).then(() => app.quit());
    else app.quit();
    return;
  }

  // Every renderer in Chromium's sandbox, including any we might forget to configure (checklist §4).
  app.enableSandbox();

  // A second copy would fight the first over the data folder, the store and POP3 deletions.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const location = resolveAppLocation(buildDir);
  const preloadPath = join(buildDir, 'preload.cjs');
  let log: Logger = createLogger();
  let bridge: IpcBridge | null = null;
  let engine: Engine | null = null;
  let disposed = false;

  const openWindow = (): void => {
    if (!bridge) return;
    const win = createMainWindow({ location, preloadPath });
    bridge.addClient(win.webContents);
    loadApp(win, location).catch((err: unknown) => log.error(`Could not load Homing's window: ${message(err)}`));
  };

  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  // Defaults for ANY web contents, whoever creates it: no pop-ups, no <webview>.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.on('window-all-closed', () => {
    // macOS apps stay running with no window until the user quits them.
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (engine && BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  // Close mail connections and let in-flight writes finish before the process ends; never hang
  // the quit on a stuck server.
  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposed = true;
    const closing = engine;
    engine = null;
    const timeout = new Promise<void>((done) => setTimeout(done, DISPOSE_TIMEOUT_MS).unref());
    void Promise.race([closing?.dispose() ?? Promise.resolve(), timeout])
      .catch((err: unknown) => log.error(`Engine did not close cleanly: ${message(err)}`))
      .finally(() => {
        bridge?.dispose();
        app.quit();
      });
  });

  // Registered once per process however often startApp runs (tests); logs to the current log.
  reportTo = (line) => log.error(line);
  process.removeListener('unhandledRejection', onUnhandledRejection);
  process.on('unhandledRejection', onUnhandledRejection);

  void app
    .whenReady()
    .then(async () => {
      const dataDir = app.getPath('userData');
      log = createLogger({ file: join(dataDir, 'homing.log'), echo: !app.isPackaged });
      hardenSession(session.defaultSession, { location });
      bridge = createIpcBridge({ location, log });
      engine = await createEngine({
        dataDir,
        sink: bridge.sink,
        secrets: new SafeStorageSecretStore(join(dataDir, 'secrets')),
        log,
        transport: 'electron',
        version: app.getVersion(),
        // The engine has checked the URL (http, https or mailto only) before this runs.
        openExternal: (url) => shell.openExternal(url),
      });
      bridge.connect(engine);
      openWindow();
    })
    .catch((err: unknown) => {
      log.error(`Homing could not start: ${message(err)}`);
      dialog.showErrorBox('Homing could not start', `${message(err)}\n\nThe log in ${app.getPath('userData')} has details.`);
      disposed = true;
      app.exit(1);
    });
};
