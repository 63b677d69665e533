/**
 * Runs jobs strictly in order, synchronously while nothing is pending. When a job returns a promise,
 * later jobs wait for it and `onBusy` fires (the connection pauses its socket: backpressure); when
 * the queue drains, `onIdle` fires (it resumes). Job errors are the job's own business: a job must
 * not reject (wrap it); a rejection is swallowed here so the order can never stall.
 */
export class OrderedDelivery {
  private tail: Promise<void> | null = null;

  constructor(
    private readonly onBusy: () => void,
    private readonly onIdle: () => void,
  ) {}

  /** True while a job's promise is pending. */
  get busy(): boolean {
    return this.tail !== null;
  }

  run(job: () => void | Promise<void>): void {
    if (this.tail) {
      this.track(this.tail.then(job));
      return;
    }
    const result = job();
    if (result && typeof result.then === 'function') this.track(result);
  }

  private track(work: Promise<void>): void {
    const wasBusy = this.tail !== null;
    const tail = work.then(
      () => undefined,
      () => undefined,
    );
    this.tail = tail;
    if (!wasBusy) this.onBusy();
    void tail.then(() => {
      if (this.tail !== tail) return;
      this.tail = null;
      this.onIdle();
    });
  }
}
