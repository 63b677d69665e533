import type { EventName, EventPayload } from '../contract';

/** How the engine reaches renderers; each transport (Electron IPC, browser host) implements it. */
export interface EventSink {
  broadcast<N extends EventName>(name: N, payload: EventPayload<N>): void;
  /** Returns false when that client is gone. */
  sendTo<N extends EventName>(clientId: string, name: N, payload: EventPayload<N>): boolean;
}
