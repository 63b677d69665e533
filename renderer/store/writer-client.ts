import { fail } from '../../electron/contract/result';
import type { Transport } from '../api/transport';
import { setStoreRequester } from './sort-requests';
import { bridgeStoreRequests } from './store-bridge';
import { createWorkerClient } from './worker-protocol';

/** Page → store worker: open your own connection to the engine at `url` and attach as the store. */
export interface ConnectStore {
  type: 'connect-store';
  url: string;
}

/**
 * Starts the store worker and makes it the engine's store. Call once, from the main window;
 * returns a function that stops it.
 *
 * Where the transport lets a worker connect itself (the browser host), the worker does, and sync
 * batches go straight from the engine to the writer (measured, 10,000 POP3 messages: the page's
 * main thread no longer decodes and forwards 220 MB). Otherwise (Electron) the page relays every
 * request to the worker. Either way the page keeps a channel to the worker for its own requests.
 */
export const startStoreWorker = (transport: Transport): (() => void) => {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'homing-store' });
  // Each request comes from a freshly decoded frame (WebSocket) or IPC message (Electron) that
  // nothing else reads after the bridge: its source bytes move to the worker without a copy.
  const client = createWorkerClient(worker, { transferBytes: true });
  worker.addEventListener('error', (event) => {
    client.failAll(fail('store_unavailable', `The local mail store stopped: ${event.message || 'worker error'}`));
  });
  setStoreRequester(client.handle);
  const { workerUrl } = transport;
  if (workerUrl) worker.postMessage({ type: 'connect-store', url: workerUrl } satisfies ConnectStore);
  const relay = workerUrl ? null : bridgeStoreRequests(transport, client.handle);
  return () => {
    setStoreRequester(null);
    relay?.stop();
    client.stop();
    worker.terminate();
  };
};
