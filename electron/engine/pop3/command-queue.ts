/**
 * Runs tasks one after another, in call order, so two callers' commands can never interleave on
 * the wire (a task may still pipeline its own commands). A failed task does not block the next.
 */
export class CommandQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
