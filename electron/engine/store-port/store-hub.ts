import { randomUUID } from 'node:crypto';

import { type AppError, HomingError, type StoreAnswers, type StoreRequest } from '../../contract';
import type { EventSink } from '../events';
import type { StorePort } from './store-port';

interface Pending {
  resolve(value: unknown): void;
  reject(err: HomingError): void;
  timer: NodeJS.Timeout;
  clientId: string;
}

/**
 * Routes store requests to the renderer that attached as the store writer and matches answers.
 * An `apply` resolves only when the writer reports a durable commit; anything else (timeout, the
 * window closing) rejects, and the caller must treat the batch as NOT stored.
 */
export class StoreHub implements StorePort {
  private clientId: string | null = null;
  private readonly pending = new Map<string, Pending>();
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly sink: EventSink,
    private readonly timeoutMs = 120_000,
  ) {}

  get attached(): boolean {
    return this.clientId !== null;
  }

  attach(clientId: string): void {
    this.clientId = clientId;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  detach(clientId: string): void {
    if (this.clientId === clientId) this.clientId = null;
    for (const [id, p] of this.pending) {
      if (p.clientId !== clientId) continue;
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(new HomingError('store_unavailable', 'The window holding the local store closed before it confirmed the write.'));
    }
  }

  /** Resolves when a store is attached, or rejects after `ms`. */
  waitForStore(ms: number): Promise<void> {
    if (this.clientId) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new HomingError('store_unavailable', 'No Homing window is open to hold the local store.'));
      }, ms);
      this.waiters.add(wake);
    });
  }

  request<R extends StoreRequest>(request: R): Promise<StoreAnswers[R['kind']]> {
    const clientId = this.clientId;
    if (!clientId) {
      return Promise.reject(new HomingError('store_unavailable', 'No Homing window is open to hold the local store.'));
    }
    const requestId = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new HomingError('store_unavailable', `The local store did not answer within ${Math.round(this.timeoutMs / 1000)} s.`));
      }, this.timeoutMs);
      this.pending.set(requestId, { resolve: resolve as (v: unknown) => void, reject, timer, clientId });
      if (!this.sink.sendTo(clientId, 'store:request', { requestId, request })) {
        clearTimeout(timer);
        this.pending.delete(requestId);
        reject(new HomingError('store_unavailable', 'The window holding the local store is gone.'));
      }
    });
  }

  /** An answer from the renderer. Only the attached client may answer its own requests. */
  respond(clientId: string, requestId: string, result: { ok: true; value: unknown } | { ok: false; error: AppError }): boolean {
    const p = this.pending.get(requestId);
    if (!p || p.clientId !== clientId) return false;
    clearTimeout(p.timer);
    this.pending.delete(requestId);
    if (result.ok) p.resolve(result.value);
    else p.reject(new HomingError(result.error.code, result.error.message, result.error.detail));
    return true;
  }
}
