import type { Result } from '../../electron/contract';

/**
 * What both transports provide: Electron's preload bridge (`window.homingBridge`) and the browser
 * host's WebSocket. The renderer cannot tell them apart; everything above this is typed by the
 * contract in renderer/api/client.ts.
 */
export interface Transport {
  call(name: string, input: unknown): Promise<Result<unknown>>;
  /** Every engine event; returns an unsubscribe function. Listeners never see a raw IPC event. */
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
  /**
   * Where a Web Worker can open a connection of its own to the engine, one that carries no
   * broadcast events (browser host only). The store worker uses it so the bytes of sync batches
   * skip the page's main thread (a decode and a postMessage per batch there). Electron's IPC
   * reaches only the page, so there the page relays.
   */
  workerUrl?: string;
}

declare global {
  interface Window {
    /** Set by electron/preload.ts under contextIsolation; absent in the browser host. */
    homingBridge?: Transport;
  }
}
