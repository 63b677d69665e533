/**
 * A hand-made stand-in for the `electron` module, for `vi.mock('electron', …)` in these tests.
 * It models only what electron/app and the preload use, records every call, and lets a test fire
 * the events Electron would. It never imports 'electron' itself: the real package would try to
 * download the binary.
 */
import { EventEmitter } from 'node:events';

import { vi } from 'vitest';

let nextFrameToken = 1;

export class FakeFrame {
  readonly frameToken = `frame-${nextFrameToken++}`;
  detached = false;
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
  ) {}
}

/** What listeners of navigation events receive: Electron's Event<Params>. */
export const navigationEvent = (url: string, isMainFrame: boolean) => {
  const event = { url, isMainFrame, isSameDocument: false, frame: null, defaultPrevented: false, preventDefault: vi.fn() };
  event.preventDefault.mockImplementation(() => {
    event.defaultPrevented = true;
  });
  return event;
};

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly mainFrame: FakeFrame;
  readonly send = vi.fn();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  private destroyed = false;

  constructor(url = 'about:blank') {
    super();
    this.mainFrame = new FakeFrame(url);
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  static getAllWindows = vi.fn(() => FakeBrowserWindow.instances.filter((w) => !w.closed));

  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(async (url: string) => {
    this.webContents.mainFrame.url = url;
  });
  readonly loadFile = vi.fn(async (file: string) => {
    this.webContents.mainFrame.url = `file://${file}`;
  });
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly isMinimized = vi.fn(() => false);
  closed = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
}

export class FakeSession {
  permissionRequestHandler: ((wc: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | null =
    null;
  permissionCheckHandler: ((wc: unknown, permission: string, origin: string, details: unknown) => boolean) | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  beforeRequest: ((details: Record<string, unknown>, callback: (response: { cancel?: boolean }) => void) => void) | null = null;
  headersReceived:
    ((details: Record<string, unknown>, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void) | null =
    null;

  readonly webRequest = {
    onBeforeRequest: vi.fn((listener: FakeSession['beforeRequest']) => {
      this.beforeRequest = listener;
    }),
    onHeadersReceived: vi.fn((listener: FakeSession['headersReceived']) => {
      this.headersReceived = listener;
    }),
  };

  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = handler;
  }

  /** Runs a request through onBeforeRequest; true when it was let through. */
  request(url: string, resourceType = 'image'): boolean {
    let cancel: boolean | undefined;
    this.beforeRequest!({ url, resourceType, webContentsId: 1, method: 'GET' }, (r) => {
      cancel = r.cancel;
    });
    return cancel !== true;
  }
}

type Handler = (event: unknown, ...args: unknown[]) => unknown;

class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  readonly handle = vi.fn((channel: string, handler: Handler) => {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  });
  readonly removeHandler = vi.fn((channel: string) => {
    this.handlers.delete(channel);
  });
}

class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null }));
}

/** safeStorage with a reversible fake cipher and switchable platform behaviour. */
class FakeSafeStorage {
  available = true;
  backend: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown' = 'gnome_libsecret';
  readonly isEncryptionAvailable = vi.fn(() => this.available);
  readonly getSelectedStorageBackend = vi.fn(() => this.backend);
  readonly encryptString = vi.fn((plain: string): Buffer => {
    const body = Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a);
    return Buffer.concat([Buffer.from('v10'), body]);
  });
  readonly decryptString = vi.fn((encrypted: Buffer): string => {
    if (encrypted.subarray(0, 3).toString() !== 'v10')
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(encrypted.subarray(3).map((b) => b ^ 0x5a)).toString('utf8');
  });
}

class FakeApp extends EventEmitter {
  isPackaged = true;
  userData = '/tmp/homing-fake-user-data';
  private readyResolve: () => void = () => undefined;
  private readyPromise = this.newReadyPromise();
  readonly enableSandbox = vi.fn();
  readonly requestSingleInstanceLock = vi.fn(() => true);
  readonly whenReady = vi.fn(() => this.readyPromise);
  readonly getPath = vi.fn((_name: string) => this.userData);
  readonly getVersion = vi.fn(() => '0.1.0');
  readonly quit = vi.fn();
  readonly exit = vi.fn();

  /** What Electron does once it has initialised. */
  ready(): void {
    this.readyResolve();
  }

  /** A fresh, not-yet-ready app with no listeners. */
  reset(): void {
    this.removeAllListeners();
    this.readyPromise = this.newReadyPromise();
  }

  private newReadyPromise(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.readyResolve = resolve;
    });
  }
}

export const fake = {
  app: new FakeApp(),
  ipcMain: new FakeIpcMain(),
  ipcRenderer: new FakeIpcRenderer(),
  contextBridge: { exposeInMainWorld: vi.fn() },
  safeStorage: new FakeSafeStorage(),
  shell: { openExternal: vi.fn() },
  dialog: { showErrorBox: vi.fn() },
  session: { defaultSession: new FakeSession() },
};

/** What `import … from 'electron'` yields under vi.mock. */
export const electronModule = {
  app: fake.app,
  BrowserWindow: FakeBrowserWindow,
  ipcMain: fake.ipcMain,
  ipcRenderer: fake.ipcRenderer,
  contextBridge: fake.contextBridge,
  safeStorage: fake.safeStorage,
  shell: fake.shell,
  dialog: fake.dialog,
  session: fake.session,
};

/** Back to a freshly started Electron: no windows, handlers, listeners or recorded calls. */
export const resetFakes = (): void => {
  vi.clearAllMocks();
  fake.app.reset();
  fake.ipcMain.handlers.clear();
  fake.ipcRenderer.removeAllListeners();
  fake.session.defaultSession = new FakeSession();
  FakeBrowserWindow.instances.length = 0;
  fake.safeStorage.available = true;
  fake.safeStorage.backend = 'gnome_libsecret';
};
