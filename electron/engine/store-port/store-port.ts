import type { StoreAnswers, StoreRequest } from '../../contract';

/**
 * The engine's only way to read or write the local store. In the app it is answered by the store
 * writer in the renderer (StoreHub); in tests and benchmarks the same writer runs in-process.
 */
export interface StorePort {
  request<R extends StoreRequest>(request: R): Promise<StoreAnswers[R['kind']]>;
}
