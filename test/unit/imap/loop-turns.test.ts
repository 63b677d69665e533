import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { fetchRows, LoopTurns, TURN_BUDGET_MS } from '../../../electron/engine/imap/fetch-rows';

let clock = 0;
const fakeClock = () => {
  clock = 1_000;
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('LoopTurns', () => {
  it('is due once its budget of time has run, and starts over after the turn', async () => {
    fakeClock();
    const turns = new LoopTurns(4);
    expect(turns.due()).toBe(false);
    clock += 3.9;
    expect(turns.due()).toBe(false);
    clock += 0.1;
    expect(turns.due()).toBe(true);
    await turns.take();
    expect(turns.due()).toBe(false);
  });
});

describe('fetchRows', () => {
  it('lets the event loop run between rows once a turn is due, whatever each row costs', async () => {
    fakeClock();
    const order: string[] = [];
    const fake = {
      async *fetch() {
        for (let uid = 1; uid <= 6; uid++) {
          // A timer-phase callback queued now runs only if the consumer gives the loop a turn.
          setImmediate(() => order.push(`loop after ${uid}`));
          order.push(`row ${uid}`);
          clock += uid <= 3 ? TURN_BUDGET_MS / 4 : TURN_BUDGET_MS;
          yield { uid } as FetchMessageObject;
        }
      },
    } as unknown as ImapFlow;
    const rows = await fetchRows(fake, '1:6', { uid: true }, { uid: true });
    expect(rows.map((r) => r.uid)).toEqual([1, 2, 3, 4, 5, 6]);
    // Cheap rows run on together until their time adds up; each costly one gets a turn of its own.
    expect(order.slice(0, 5)).toEqual(['row 1', 'row 2', 'row 3', 'row 4', 'loop after 1']);
    expect(order.indexOf('row 5')).toBeGreaterThan(order.indexOf('loop after 4'));
    expect(order.indexOf('row 6')).toBeGreaterThan(order.indexOf('loop after 5'));
  });
});
