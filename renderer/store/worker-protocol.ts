import { fail, type Result } from '../../electron/contract/result';

/**
 * The store worker's protocol (STYLE.md habit 6): the main thread posts
 * `{ requestId, request }`, the worker answers `{ requestId, result }` with the same id. The ids on
 * this channel are the channel's own sequence numbers, never the engine's, so two engine
 * connections reusing an id cannot cross answers. Failures travel inside `result`, never as throws.
 */
export interface WorkerRequest {
  requestId: string;
  request: unknown;
}
export interface WorkerResponse {
  requestId: string;
  result: Result<unknown>;
}

/** What both ends need of a Worker, a worker's global scope, or a MessagePort. */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export type StoreHandler = (request: unknown) => Promise<Result<unknown>>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Worker side: answers every request with `handle`. Returns a function that stops serving. */
export const serveStoreRequests = (endpoint: MessageEndpoint, handle: StoreHandler): (() => void) => {
  const listener = (event: MessageEvent): void => {
    const data: unknown = event.data;
    if (!isObject(data) || typeof data.requestId !== 'string') return;
    const requestId = data.requestId;
    void handle(data.request)
      .catch((error: unknown) => fail('internal', `The store worker failed: ${messageOf(error)}`))
      .then((result) => endpoint.postMessage({ requestId, result } satisfies WorkerResponse));
  };
  endpoint.addEventListener('message', listener);
  return () => endpoint.removeEventListener('message', listener);
};

export interface WorkerClient {
  handle: StoreHandler;
  /** Settles every pending request with this failure (the worker died or was stopped). */
  failAll(result: Result<never>): void;
  stop(): void;
}

/** The distinct ArrayBuffers under every byte array in `value` (plain objects and arrays only). */
export const bytesBuffers = (value: unknown, found = new Set<ArrayBuffer>()): Set<ArrayBuffer> => {
  if (value instanceof Uint8Array) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const item of value) bytesBuffers(item, found);
  } else if (isObject(value) && Object.getPrototypeOf(value) === Object.prototype) {
    for (const key in value) bytesBuffers(value[key], found);
  }
  return found;
};

export interface WorkerClientOptions {
  /**
   * Move the request's byte buffers to the worker instead of copying them (postMessage transfer
   * list): they are detached here afterwards. Only for requests nothing else on this side reads
   * later, such as a transport's freshly decoded frames; off by default.
   */
  transferBytes?: boolean;
}

/** Main-thread side: a `handle` function that runs requests in the worker behind `endpoint`. */
export const createWorkerClient = (endpoint: MessageEndpoint, options: WorkerClientOptions = {}): WorkerClient => {
  let sequence = 0;
  const pending = new Map<string, (result: Result<unknown>) => void>();
  const listener = (event: MessageEvent): void => {
    const data: unknown = event.data;
    if (!isObject(data) || typeof data.requestId !== 'string' || !isObject(data.result)) return;
    const settle = pending.get(data.requestId);
    pending.delete(data.requestId);
    settle?.(data.result as Result<unknown>);
  };
  endpoint.addEventListener('message', listener);

  const failAll = (result: Result<never>): void => {
    const settles = [...pending.values()];
    pending.clear();
    for (const settle of settles) settle(result);
  };

  return {
    handle: (request) =>
      new Promise((resolve) => {
        const requestId = `w${++sequence}`;
        pending.set(requestId, resolve);
        try {
          const message = { requestId, request } satisfies WorkerRequest;
          if (options.transferBytes) endpoint.postMessage(message, [...bytesBuffers(request)]);
          else endpoint.postMessage(message);
        } catch (error) {
          // DataCloneError: the request holds something structured clone cannot carry.
          pending.delete(requestId);
          resolve(fail('invalid_input', `The store could not receive this request: ${messageOf(error)}`));
        }
      }),
    failAll,
    stop: () => {
      endpoint.removeEventListener('message', listener);
      failAll(fail('store_unavailable', 'The local mail store was stopped'));
    },
  };
};
