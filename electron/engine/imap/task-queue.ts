/**
 * One IMAP connection runs one command sequence at a time. Work is queued here in small tasks;
 * what the user is waiting for (open a message, mark read) jumps ahead of background sync tasks,
 * so a 100k-message first sync never makes "open this message" wait for it.
 */
export type Priority = 'user' | 'sync';

interface Job {
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export class TaskQueue {
  private readonly user: Job[] = [];
  private readonly sync: Job[] = [];
  private busy = false;

  run<T>(priority: Priority, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      (priority === 'user' ? this.user : this.sync).push({ run: task, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Rejects every task not yet started (used by stop()); the running one finishes on its own. */
  clear(reason: Error): void {
    for (const job of [...this.user.splice(0), ...this.sync.splice(0)]) job.reject(reason);
  }

  get idle(): boolean {
    return !this.busy && this.user.length === 0 && this.sync.length === 0;
  }

  private pump(): void {
    if (this.busy) return;
    const job = this.user.shift() ?? this.sync.shift();
    if (!job) return;
    this.busy = true;
    job
      .run()
      .then(job.resolve, job.reject)
      .finally(() => {
        this.busy = false;
        this.pump();
      });
  }
}
