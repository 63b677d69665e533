/**
 * Moves and deletions wait a few seconds before they are sent, so "Undo" can simply not send them.
 * That works the same for POP3 (local) and IMAP (server) and for permanent deletions, which no
 * command could reverse. One action is pending at a time: a new one sends the previous at once.
 * If the window closes meanwhile, the action is sent right away (flush) — and if even that is
 * lost, nothing was deleted: the safe direction.
 */
export interface Deferred {
  /** "3 messages moved to Trash" */
  label: string;
  /** The messages the list hides while this is pending. */
  ids: readonly string[];
  commit(): Promise<void>;
}

export interface UndoQueueOptions {
  delayMs: number;
  onChange(pending: Deferred | null): void;
  onError(error: unknown, action: Deferred): void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class UndoQueue {
  private current: { action: Deferred; timer: unknown } | null = null;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: UndoQueueOptions) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  get pending(): Deferred | null {
    return this.current?.action ?? null;
  }

  schedule(action: Deferred): void {
    this.flush();
    const timer = this.setTimer(() => this.flush(), this.options.delayMs);
    this.current = { action, timer };
    this.options.onChange(action);
  }

  /** Cancels the pending action; true when there was one. */
  undo(): boolean {
    if (!this.current) return false;
    this.clearTimer(this.current.timer);
    this.current = null;
    this.options.onChange(null);
    return true;
  }

  /** Sends the pending action now. */
  flush(): Promise<void> {
    if (!this.current) return Promise.resolve();
    const { action, timer } = this.current;
    this.clearTimer(timer);
    this.current = null;
    this.options.onChange(null);
    return action.commit().catch((error: unknown) => this.options.onError(error, action));
  }
}
