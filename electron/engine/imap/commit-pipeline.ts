import type { SyncBatch } from '../../contract';

/**
 * Sends store batches while earlier ones are still being written, at most `depth` unacknowledged.
 * The store applies batches in the order sent (one writer; IndexedDB runs read-write transactions
 * in creation order), so a batch can go before the previous one is durable; `onDurable` runs only
 * once its own batch is, so the index never counts a failed commit as stored mail.
 */
export class CommitPipeline {
  private readonly inFlight: Promise<void>[] = [];

  constructor(
    private readonly apply: (batch: SyncBatch) => Promise<void>,
    private readonly depth: number,
  ) {}

  /**
   * Waits for room, then sends; a function is called for the batch only then, so what it reads
   * (the user's latest flag changes) is current when the batch is sent. A `barrier` batch (one carrying the folder state, which says "the
   * store reflects the server up to here") goes only after every earlier batch is durable: were
   * one of them to fail, the state must not land without it. Rejects with the first failure.
   */
  async send(batch: SyncBatch | (() => SyncBatch), onDurable: () => void, barrier = false): Promise<void> {
    const room = barrier ? 1 : Math.max(1, this.depth);
    while (this.inFlight.length >= room) await this.inFlight.shift();
    const committed = this.apply(typeof batch === 'function' ? batch() : batch).then(onDurable);
    // Never left unobserved: awaited by a later send, drain() or settle().
    committed.catch(() => undefined);
    this.inFlight.push(committed);
  }

  /** Resolves when every batch sent is durable; rejects with the first failure. */
  async drain(): Promise<void> {
    while (this.inFlight.length) await this.inFlight.shift();
  }

  /** Waits for every batch sent to succeed or fail, so none lands after the sync has ended. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.inFlight.splice(0));
  }
}
