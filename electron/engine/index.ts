// Public surface of the engine for the adapters (electron/app, electron/host) and tests.
export { type CallContext, createDispatch, type Dispatch, type Handlers } from './api/dispatch';
export { createEngine, type Engine, type EngineOptions } from './engine';
export type { EventSink } from './events';
export { createLogger, type Logger } from './log';
export type { SecretStore } from './secrets/secret-store';
