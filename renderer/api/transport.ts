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
}

declare global {
  interface Window {
    /** Set by electron/preload.ts under contextIsolation; absent in the browser host. */
    homingBridge?: Transport;
  }
}
