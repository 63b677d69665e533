import type { EventName, EventPayload } from '../contract';
import type { EventSink } from './events';

/** How often a window hears download progress (and "Downloading n of m") at most, per account. */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * Which events are snapshots that a later one of the same key replaces, and the "kind" whose
 * change (or a final kind) must go out at once.
 */
const snapshotOf = (name: EventName, payload: unknown): { key: string; kind: string; final: boolean } | null => {
  if (name === 'sync:progress') {
    const p = payload as EventPayload<'sync:progress'>;
    return { key: `progress:${p.accountId}`, kind: p.phase, final: p.phase === 'done' };
  }
  if (name === 'account:status') {
    const s = payload as EventPayload<'account:status'>;
    return { key: `status:${s.accountId}`, kind: s.state, final: s.state !== 'checking' };
  }
  return null;
};

export interface CoalescedSink extends EventSink {
  /** Sends what is pending now. */
  flush(): void;
  /** Drops what is pending and the timer (the engine is going away). */
  stop(): void;
}

/**
 * The engine's events as every transport gets them: download progress and "checking" status
 * coalesced per account. A POP3 check reports every message twice (`sync:progress` and
 * `account:status` "Downloading n of m": 20,000 events for 10,000 messages), and each one cost a
 * send (an IPC message in Electron, a socket write in the browser host) and a task in every
 * window, on the CPUs that download and store the mail. Windows only need the latest numbers: the
 * first event of a burst and every change of phase or state go at once, the rest at most every
 * `intervalMs` (the last one of a burst always arrives). Every other event first sends what is
 * pending, so nothing overtakes a snapshot that preceded it.
 */
export const coalescedSink = (sink: EventSink, intervalMs = PROGRESS_INTERVAL_MS): CoalescedSink => {
  const pending = new Map<string, () => void>();
  const lastKind = new Map<string, string>();
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    const due = [...pending.values()];
    pending.clear();
    for (const send of due) send();
  };
  const tick = () => {
    if (pending.size === 0) {
      timer = null;
      return;
    }
    flush();
    timer = setTimeout(tick, intervalMs);
  };

  return {
    broadcast<N extends EventName>(name: N, payload: EventPayload<N>): void {
      const snapshot = snapshotOf(name, payload);
      const send = () => sink.broadcast(name, payload);
      if (!snapshot) {
        flush();
        send();
        return;
      }
      const urgent = snapshot.final || lastKind.get(snapshot.key) !== snapshot.kind;
      lastKind.set(snapshot.key, snapshot.kind);
      if (urgent || timer === null) {
        pending.delete(snapshot.key);
        flush();
        send();
        timer ??= setTimeout(tick, intervalMs);
      } else {
        pending.set(snapshot.key, send);
      }
    },
    sendTo<N extends EventName>(clientId: string, name: N, payload: EventPayload<N>): boolean {
      flush();
      return sink.sendTo(clientId, name, payload);
    },
    flush,
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
    },
  };
};
