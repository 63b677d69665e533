/**
 * The whole preload (STYLE.md habit 5): thin and namespaced. It exposes exactly one object,
 * `window.homingBridge`, implementing the renderer's Transport; the renderer's type comes from that
 * interface. Nothing of Electron leaks through: listeners get (name, payload), never the
 * IpcRendererEvent (whose `sender` would hand the page ipcRenderer itself).
 *
 * Runs sandboxed, so it is bundled to one CommonJS file that requires only 'electron'
 * (sandboxed preloads cannot load ES modules or other files). Uint8Array message bytes pass
 * through structured clone and the context bridge unchanged.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

import type { Transport } from '../renderer/api/transport';
import { CALL_CHANNEL, EVENT_CHANNEL } from './app/channels';
import type { Result } from './contract';

const bridgeFailure = (err: unknown): Result<never> => ({
  ok: false,
  error: {
    code: 'internal',
    message: `Homing could not reach its mail engine (${err instanceof Error ? err.message : String(err)}).`,
  },
});

const homingBridge: Transport = {
  call(name: string, input: unknown): Promise<Result<unknown>> {
    // The main process checks the sender and parses both arguments as unknown; a Result always
    // comes back, even when IPC itself fails.
    return (ipcRenderer.invoke(CALL_CHANNEL, name, input) as Promise<Result<unknown>>).catch(bridgeFailure);
  },
  subscribe(listener: (name: string, payload: unknown) => void): () => void {
    const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (typeof name === 'string') listener(name, payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('homingBridge', homingBridge);
