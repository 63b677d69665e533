import { HomingError } from '../../contract';
import type { OutboxEntry } from '../../contract/compose';
import { describeForLog, type Logger } from '../log';
import type { SendResult } from '../smtp/send-message';
import { OutboxFiles } from './outbox-files';
import {
  canCancel,
  decideAfterAttempt,
  defaultOutboxPolicy,
  isDue,
  isFinished,
  nextWake,
  type OutboxPolicy,
  type OutboxRecord,
  pendingAfterSent,
  recoverAfterRestart,
  startAttempt,
  toEntry,
  userMarkSent,
  userRetry,
} from './outbox-state';

/** What happens after the server took a message; each step reports whether it is done. */
export interface AfterSentSteps {
  sentCopy(record: OutboxRecord, message: Buffer): Promise<'done' | 'skipped'>;
  flagOrigin(record: OutboxRecord): Promise<void>;
  removeDraft(record: OutboxRecord): Promise<void>;
}

export interface OutboxDeps {
  dir: string;
  log: Logger;
  now: () => number;
  /** One SMTP attempt (smtp/send-message.ts with the account's settings and password). */
  send(record: OutboxRecord, message: Buffer, beforeData: () => Promise<void>): Promise<SendResult>;
  after: AfterSentSteps;
  onChange(entries: OutboxEntry[]): void;
  policy?: OutboxPolicy;
  /** Timers off in tests that drive attempts by hand. */
  schedule?: boolean;
  /** Retry of failed follow-up steps (Sent copy while IMAP is offline), ms. */
  stepRetryMs?: number;
}

/**
 * The Outbox: every message is stored before it is sent, and every state change is stored before
 * the next thing happens, so a message is never lost and never sent twice (outbox-state.ts
 * decides; this class does the I/O around the decisions, one attempt per message at a time).
 */
export class Outbox {
  private readonly records = new Map<string, OutboxRecord>();
  private readonly running = new Map<string, Promise<OutboxRecord>>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly policy: OutboxPolicy;

  private constructor(
    private readonly deps: OutboxDeps,
    private readonly files: OutboxFiles,
  ) {
    this.policy = deps.policy ?? defaultOutboxPolicy;
  }

  static async open(deps: OutboxDeps): Promise<Outbox> {
    const files = await OutboxFiles.open(deps.dir);
    const outbox = new Outbox(deps, files);
    for (const loaded of await files.loadAll()) {
      const record = recoverAfterRestart(loaded, deps.now());
      if (record !== loaded) await files.save(record);
      outbox.records.set(record.id, record);
    }
    outbox.reschedule();
    // Follow-up steps a previous run did not finish (Sent copy, flags) are picked up.
    if (deps.schedule !== false) void outbox.finishSentSteps().catch(() => undefined);
    return outbox;
  }

  list(): OutboxEntry[] {
    return [...this.records.values()].sort((a, b) => a.createdAt - b.createdAt).map(toEntry);
  }

  get(id: string): OutboxRecord {
    const r = this.records.get(id);
    if (!r) throw new HomingError('not_found', 'That message is no longer in the Outbox.');
    return r;
  }

  /** Stores the message durably; only then may anything try to send it. */
  async enqueue(record: OutboxRecord, message: Buffer): Promise<OutboxRecord> {
    if (this.closed) throw new HomingError('internal', 'The Outbox is closed.');
    await this.files.create(record, message);
    this.records.set(record.id, record);
    this.changed();
    return record;
  }

  /** One attempt now (or joins the running one). Resolves with the record after it. */
  attempt(id: string): Promise<OutboxRecord> {
    const running = this.running.get(id);
    if (running) return running;
    const p = this.runAttempt(id).finally(() => {
      this.running.delete(id);
      this.reschedule();
    });
    this.running.set(id, p);
    return p;
  }

  private async runAttempt(id: string): Promise<OutboxRecord> {
    let record = startAttempt(this.get(id));
    await this.commit(record);
    const message = await this.files.message(id);
    const beforeData = async () => {
      // Durable before the first message byte leaves: a crash from here on is "may have been sent".
      record = { ...record, transmitting: true };
      await this.commit(record);
    };
    let result: SendResult;
    try {
      result = await this.deps.send(record, message, beforeData);
    } catch (err) {
      // send() reports outcomes; a throw is a bug or a missing account. The record stays safe:
      // `transmitting` tells whether bytes may have gone out.
      this.deps.log.error(`outbox ${id}: send failed unexpectedly: ${describeForLog(err)}`);
      const error = err instanceof HomingError ? err : new HomingError('internal', 'Sending failed unexpectedly.');
      result = record.transmitting ? { kind: 'unknown', error, sizeLimit: null } : { kind: 'needs-user', error, sizeLimit: null };
    }
    record = decideAfterAttempt(record, result, this.deps.now(), this.policy);
    await this.commit(record);
    if (record.state === 'sent') return (await this.runSentSteps(id)) ?? record;
    return record;
  }

  /** The user's "try again" / "send again now". */
  async retry(id: string, confirmResend: boolean): Promise<OutboxRecord> {
    if (this.running.has(id)) return this.running.get(id)!;
    await this.commit(userRetry(this.get(id), this.deps.now(), confirmResend));
    return this.attempt(id);
  }

  /** Takes the message out of the Outbox; returns its draft id (the draft itself stays). */
  async cancel(id: string): Promise<string> {
    const record = this.get(id);
    if (this.running.has(id) || !canCancel(record))
      throw new HomingError(
        'invalid_input',
        record.state === 'sent' ? 'This message was already sent.' : 'This message is being sent right now.',
      );
    this.records.delete(id);
    await this.files.remove(id);
    this.changed();
    return record.draftId;
  }

  async markSent(id: string): Promise<OutboxRecord> {
    const record = userMarkSent(this.get(id), this.deps.now());
    await this.commit(record);
    return (await this.runSentSteps(id)) ?? record;
  }

  /** Attempts every message that is due, one after another. */
  async runDue(): Promise<void> {
    const due = [...this.records.values()].filter((r) => isDue(r, this.deps.now()));
    for (const r of due) {
      if (this.closed) return;
      await this.attempt(r.id).catch((err: unknown) => this.deps.log.warn(`outbox ${r.id}: ${describeForLog(err)}`));
    }
  }

  /** Sent copies and flags that failed earlier (IMAP offline) or were cut short by a restart. */
  async finishSentSteps(): Promise<void> {
    for (const r of [...this.records.values()]) if (r.state === 'sent') await this.runSentSteps(r.id);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.running.values()]);
  }

  /** Runs the follow-up steps still to do; returns the record as it ends up (also once it left the Outbox). */
  private async runSentSteps(id: string): Promise<OutboxRecord | undefined> {
    let record = this.records.get(id);
    if (!record) return undefined;
    const todo = pendingAfterSent(record);
    let failed = false;
    if (todo.sentCopy) {
      try {
        const copy = await this.files.message(id);
        record = { ...record, sentCopy: await this.deps.after.sentCopy(record, copy) };
        await this.commit(record);
      } catch (err) {
        failed = true;
        this.deps.log.warn(`outbox ${id}: Sent copy not written yet: ${describeForLog(err)}`);
      }
    }
    if (todo.flagOrigin) {
      try {
        await this.deps.after.flagOrigin(record);
      } catch (err) {
        // The original may be gone (deleted, moved); the flag is a convenience, not worth a loop.
        this.deps.log.warn(`outbox ${id}: original not flagged: ${describeForLog(err)}`);
      }
      record = { ...record, originFlagged: true };
      await this.commit(record);
    }
    if (todo.removeDraft) {
      try {
        await this.deps.after.removeDraft(record);
        record = { ...record, draftRemoved: true };
        await this.commit(record);
      } catch (err) {
        failed = true;
        this.deps.log.warn(`outbox ${id}: draft not removed yet: ${describeForLog(err)}`);
      }
    }
    if (isFinished(record)) {
      this.records.delete(id);
      await this.files.remove(id);
      this.changed();
    } else if (failed && this.deps.schedule !== false && !this.closed) {
      setTimeout(() => void this.runSentSteps(id).catch(() => undefined), this.deps.stepRetryMs ?? 60_000).unref();
    }
    return record;
  }

  private async commit(record: OutboxRecord): Promise<void> {
    await this.files.save(record);
    this.records.set(record.id, record);
    this.changed();
  }

  private changed(): void {
    try {
      this.deps.onChange(this.list());
    } catch (err) {
      this.deps.log.warn(`outbox: change listener failed: ${describeForLog(err)}`);
    }
  }

  private reschedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.closed || this.deps.schedule === false) return;
    const at = nextWake([...this.records.values()].filter((r) => !this.running.has(r.id)));
    if (at === null) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.runDue().finally(() => this.reschedule());
      },
      Math.max(0, at - this.deps.now()),
    );
    this.timer.unref?.();
  }
}
