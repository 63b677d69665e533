import { fail, type Result } from '../../electron/contract/result';
import type { Transport } from '../api/transport';
import { setStoreRequester } from './sort-requests';
import { createWorkerClient, type StoreHandler } from './worker-protocol';

export interface StoreBridge {
  clientId: string;
  /** The engine's answer to `store:attach`; requests start arriving once it succeeded. */
  attached: Promise<Result<unknown>>;
  stop(): void;
}

export interface BridgeOptions {
  clientId?: string;
  /** Told about requests that cannot be answered at all (no request id) and lost responses. */
  onProblem?: (problem: string) => void;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Connects the engine to a store: every `store:request` event goes to `handle`, and its result goes
 * back with `store:respond`. Subscribes before attaching, so no request sent right after the attach
 * can be missed. Requests run concurrently; the store orders them (IndexedDB runs overlapping
 * read-write transactions in the order they were created, which is the order they arrived).
 */
export const bridgeStoreRequests = (transport: Transport, handle: StoreHandler, options: BridgeOptions = {}): StoreBridge => {
  const clientId = options.clientId ?? crypto.randomUUID();
  const report = options.onProblem ?? ((problem: string) => console.warn(`[store] ${problem}`));
  let stopped = false;

  const answer = async (requestId: string, request: unknown): Promise<void> => {
    const result = await handle(request).catch((error: unknown) =>
      fail('internal', `The store failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    if (stopped) return;
    const sent = await transport
      .call('store:respond', { requestId, result })
      .catch((error: unknown) => fail('connection_lost', error instanceof Error ? error.message : String(error)));
    // The engine times out and asks again; an unacknowledged batch was never deleted anywhere.
    if (!sent.ok) report(`answer to ${requestId} was not delivered: ${sent.error.message}`);
  };

  const unsubscribe = transport.subscribe((name, payload) => {
    if (name !== 'store:request' || stopped) return;
    if (!isObject(payload) || typeof payload.requestId !== 'string') {
      report('a store request without a request id was ignored');
      return;
    }
    // The request itself is parsed by the store (storeRequestSchema), as unknown.
    void answer(payload.requestId, payload.request);
  });

  const attached = transport.call('store:attach', { clientId });
  return {
    clientId,
    attached,
    stop: () => {
      stopped = true;
      unsubscribe();
    },
  };
};

/**
 * Starts the store worker and makes it the engine's store. Call once, from the main window.
 */
export const startStoreWorker = (transport: Transport, options: Omit<BridgeOptions, 'clientId'> = {}): StoreBridge => {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'homing-store' });
  // Each request comes from a freshly decoded frame (WebSocket) or IPC message (Electron) that
  // nothing else reads after the bridge: its source bytes move to the worker without a copy.
  const client = createWorkerClient(worker, { transferBytes: true });
  worker.addEventListener('error', (event) => {
    client.failAll(fail('store_unavailable', `The local mail store stopped: ${event.message || 'worker error'}`));
  });
  const bridge = bridgeStoreRequests(transport, client.handle, { ...options, clientId: crypto.randomUUID() });
  setStoreRequester(client.handle);
  return {
    ...bridge,
    stop: () => {
      setStoreRequester(null);
      bridge.stop();
      client.stop();
      worker.terminate();
    },
  };
};
