/**
 * At most one run per key at a time. A request while one runs does not start a second in
 * parallel (two syncs of one folder would interleave their batches); all such requests share a
 * single further run after the current one, so nothing that changed meanwhile is missed.
 */
export class Coalescer {
  private readonly runs = new Map<string, { running: Promise<void>; again: Promise<void> | null }>();

  run(key: string, task: () => Promise<void>): Promise<void> {
    const current = this.runs.get(key);
    if (current) {
      current.again ??= current.running
        .catch(() => undefined)
        .then(() => {
          const now = this.runs.get(key);
          if (now) now.again = null;
          return this.run(key, task);
        });
      return current.again;
    }
    const entry: { running: Promise<void>; again: Promise<void> | null } = { running: Promise.resolve(), again: null };
    entry.running = task().finally(() => {
      if (this.runs.get(key) === entry) this.runs.delete(key);
    });
    this.runs.set(key, entry);
    return entry.running;
  }

  /** The run in progress for `key`, if any. */
  current(key: string): Promise<void> | null {
    return this.runs.get(key)?.running ?? null;
  }
}
