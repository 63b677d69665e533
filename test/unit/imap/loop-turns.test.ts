import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { fetchHeaders, fetchRows, LoopTurns, TURN_BUDGET_MS } from '../../../electron/engine/imap/fetch-rows';

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

describe('fetchHeaders', () => {
  it("maps the rows that answer with the list fields, not the server's own FETCH responses amid them", async () => {
    const fake = {
      async *fetch(range: string, query: { envelope?: boolean }) {
        expect({ range, envelope: query.envelope }).toEqual({ range: '7:8', envelope: true });
        yield { uid: 7, envelope: { subject: 'seven' } } as FetchMessageObject;
        // Another session set \Seen on a message this FETCH did not ask for (RFC 9051 §5.2).
        yield { uid: 3, flags: new Set(['\\Seen']) } as FetchMessageObject;
        // ...and on one it did ask for, before its answer.
        yield { uid: 8, flags: new Set(['\\Seen']) } as FetchMessageObject;
        yield { uid: 8, envelope: { subject: 'eight' } } as FetchMessageObject;
      },
    } as unknown as ImapFlow;
    expect(await fetchHeaders(fake, '7:8', (row) => `${row.uid} ${row.envelope?.subject}`)).toEqual(['7 seven', '8 eight']);
  });
});
