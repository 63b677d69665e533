import { fail, type Result } from '../../electron/contract/result';
import type { Transport } from '../api/transport';
import type { StoreHandler } from './worker-protocol';

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

  const attach = () => transport.call('store:attach', { clientId });
  const unsubscribe = transport.subscribe((name, payload) => {
    // A new socket is a new client to the engine, which dropped the old one as the store; the
    // call waits for the reconnect. (Electron's IPC never closes while the window lives.)
    if (name === 'transport:closed' && !stopped) void attach();
    if (name !== 'store:request' || stopped) return;
    if (!isObject(payload) || typeof payload.requestId !== 'string') {
      report('a store request without a request id was ignored');
      return;
    }
    // The request itself is parsed by the store (storeRequestSchema), as unknown.
    void answer(payload.requestId, payload.request);
  });

  const attached = attach();
  return {
    clientId,
    attached,
    stop: () => {
      stopped = true;
      unsubscribe();
    },
  };
};
