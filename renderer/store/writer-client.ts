import { fail, type Result } from '../../electron/contract/result';
import type { Transport } from '../api/transport';
import { setStoreRequester } from './sort-requests';
import { type BridgeOptions, bridgeStoreRequests, type StoreBridge } from './store-bridge';
import { createWorkerClient } from './worker-protocol';

/** Page → store worker: open your own connection to the engine at `url` and attach as the store. */
export interface ConnectStore {
  type: 'connect-store';
  url: string;
}
/** Store worker → page: the engine's answer to that attach (or why the worker could not ask). */
export interface StoreConnected {
  type: 'store-connected';
  result: Result<unknown>;
}

const isConnected = (data: unknown): data is StoreConnected =>
  typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'store-connected';

/**
 * Starts the store worker and makes it the engine's store. Call once, from the main window.
 *
 * Where the transport lets a worker connect itself (the browser host), the worker does, and sync
 * batches go straight from the engine to the writer (measured, 10,000 POP3 messages: the page's
 * main thread no longer decodes and forwards 220 MB). Otherwise (Electron) the page relays every
 * request to the worker. Either way the page keeps a channel to the worker for its own requests.
 */
export const startStoreWorker = (transport: Transport, options: Omit<BridgeOptions, 'clientId'> = {}): StoreBridge => {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'homing-store' });
  // Each request comes from a freshly decoded frame (WebSocket) or IPC message (Electron) that
  // nothing else reads after the bridge: its source bytes move to the worker without a copy.
  const client = createWorkerClient(worker, { transferBytes: true });
  worker.addEventListener('error', (event) => {
    client.failAll(fail('store_unavailable', `The local mail store stopped: ${event.message || 'worker error'}`));
  });
  setStoreRequester(client.handle);
  const stopWorker = () => {
    setStoreRequester(null);
    client.stop();
    worker.terminate();
  };
  if (!transport.workerUrl) {
    const bridge = bridgeStoreRequests(transport, client.handle, { ...options, clientId: crypto.randomUUID() });
    return {
      ...bridge,
      stop: () => {
        bridge.stop();
        stopWorker();
      },
    };
  }
  const attached = new Promise<Result<unknown>>((resolve) => {
    const listener = (event: MessageEvent) => {
      if (!isConnected(event.data)) return;
      worker.removeEventListener('message', listener);
      resolve(event.data.result);
    };
    worker.addEventListener('message', listener);
  });
  worker.postMessage({ type: 'connect-store', url: transport.workerUrl } satisfies ConnectStore);
  return { clientId: 'store-worker', attached, stop: stopWorker };
};
