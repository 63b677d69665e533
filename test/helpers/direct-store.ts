import { HomingError, type StoreAnswers, type StoreRequest } from '../../electron/contract';
import type { StorePort } from '../../electron/engine/store-port/store-port';
import { type HomingDb, openHomingDb } from '../../renderer/store/db';
import { createStoreWriter } from '../../renderer/store/writer';

export interface DirectStore extends StorePort {
  db: HomingDb;
  /** Called after each apply commits, before the engine hears of it (a "crash" throws here). */
  afterCommit?: (request: StoreRequest) => void;
  /** Called before each apply; a throw here is a store that refuses the write. */
  beforeApply?: (request: StoreRequest) => void;
  /** Awaited before each apply: a store that is slow to answer, held where a test needs it. */
  gate?: (request: StoreRequest) => Promise<void> | void;
}

let seq = 0;

/**
 * The real store writer (renderer/store/writer.ts over fake-indexeddb) answering the engine
 * in-process, as the renderer's worker does in the app. Hooks inject crashes and refusals.
 */
export const directStore = (name = `homing-test-${process.pid}-${++seq}`): DirectStore => {
  const db = openHomingDb(name);
  const writer = createStoreWriter(db);
  const store: DirectStore = {
    db,
    async request<R extends StoreRequest>(request: R): Promise<StoreAnswers[R['kind']]> {
      if (request.kind === 'apply') {
        await store.gate?.(request);
        store.beforeApply?.(request);
      }
      const result = await writer.handle(request);
      if (!result.ok) throw new HomingError(result.error.code, result.error.message);
      if (request.kind === 'apply') store.afterCommit?.(request);
      return result.value;
    },
  };
  return store;
};
