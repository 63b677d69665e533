import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

import type { ParsedMessage } from '../../contract';

interface Job {
  id: number;
  bytes: Uint8Array;
  resolve(value: ParsedMessage): void;
  timer?: NodeJS.Timeout;
}

type Reply = { id: number; ok: true; value: ParsedMessage } | { id: number; ok: false; message: string };

/** What a message that could not be parsed shows: the source is still there (invariant 3). */
const unparsable = (why: string): ParsedMessage => ({
  subject: '',
  from: [],
  to: [],
  cc: [],
  date: null,
  text: null,
  html: null,
  attachments: [],
  problem: `This message could not be fully read (${why}). Its original source is kept unchanged; use "View source".`,
});

/**
 * A small pool of mailparser workers. A parse never rejects: malformed MIME, a crash or a
 * runaway message becomes a `problem` on the result, and the worker is replaced.
 */
export class ParsePool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly size = Math.max(1, Math.min(2, availableParallelism() - 1)),
    private readonly timeoutMs = 20_000,
  ) {}

  parse(bytes: Uint8Array): Promise<ParsedMessage> {
    if (this.closed) return Promise.resolve(unparsable('Homing is shutting down'));
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, bytes, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve(unparsable('Homing is shutting down'));
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./parse-worker.mjs', import.meta.url));
    worker.unref();
    worker.on('message', (reply: Reply) => this.finish(worker, reply.ok ? reply.value : unparsable(reply.message)));
    worker.on('error', (err) => this.replace(worker, unparsable(err.message)));
    worker.on('exit', () => {
      if (this.busy.has(worker)) this.replace(worker, unparsable('the parser stopped'));
    });
    return worker;
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let worker = this.idle.pop();
      if (!worker) {
        if (this.busy.size >= this.size) return;
        worker = this.spawn();
      }
      const job = this.queue.shift()!;
      job.timer = setTimeout(() => this.replace(worker, unparsable('it took too long to read')), this.timeoutMs);
      this.busy.set(worker, job);
      worker.ref();
      worker.postMessage({ id: job.id, bytes: job.bytes });
    }
  }

  private finish(worker: Worker, value: ParsedMessage): void {
    const job = this.busy.get(worker);
    if (!job) return;
    clearTimeout(job.timer);
    this.busy.delete(worker);
    worker.unref();
    this.idle.push(worker);
    job.resolve(value);
    this.pump();
  }

  private replace(worker: Worker, value: ParsedMessage): void {
    const job = this.busy.get(worker);
    this.busy.delete(worker);
    void worker.terminate();
    if (job) {
      clearTimeout(job.timer);
      job.resolve(value);
    }
    this.pump();
  }
}
