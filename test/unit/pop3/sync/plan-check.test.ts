import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { PopPolicy, PopUidlState } from '../../../../electron/contract';
import { DAY_MS, planCheck, type PlanInput, policyAllowsDelete, serverCopyUntil } from '../../../../electron/engine/pop3/sync/plan-check';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

const st = (uidl: string, state: PopUidlState['state'], downloadedAt = NOW - DAY_MS, deletedLocally = false): PopUidlState => ({
  id: `a/${uidl}`,
  accountId: 'a',
  uidl,
  state,
  downloadedAt,
  messageId: `a/${uidl}`,
  deletedLocally,
});

const input = (over: Partial<PlanInput> & Pick<PlanInput, 'server'>): PlanInput => ({
  local: new Map(),
  policy: { kind: 'delete-after-download' },
  headersOnlyAboveBytes: null,
  now: NOW,
  ...over,
});

const local = (...states: PopUidlState[]) => new Map(states.map((s) => [s.uidl, s]));

describe('planCheck', () => {
  it('downloads what is new and deletes nothing it has not stored', () => {
    const plan = planCheck(input({ server: [{ msgno: 1, uidl: 'u1', size: 10 }] }));
    expect(plan.download).toEqual([{ msgno: 1, uidl: 'u1', size: 10, mode: 'full', upgrade: false }]);
    expect(plan.delete).toEqual([]);
  });

  it('deletes stored messages under delete-after-download', () => {
    const plan = planCheck(input({ server: [{ msgno: 3, uidl: 'u1', size: 10 }], local: local(st('u1', 'downloaded')) }));
    expect(plan.download).toEqual([]);
    expect(plan.delete).toEqual([{ msgno: 3, uidl: 'u1', reason: 'policy' }]);
  });

  it('never deletes a headers-only message: its body still lives only on the server', () => {
    const plan = planCheck(
      input({
        server: [{ msgno: 1, uidl: 'big', size: 5_000_000 }],
        local: local(st('big', 'headers-only')),
        headersOnlyAboveBytes: 1_000_000,
      }),
    );
    expect(plan.delete).toEqual([]);
    expect(plan.download).toEqual([]);
  });

  it('upgrades a headers-only copy to the whole message when the size limit no longer applies', () => {
    const plan = planCheck(input({ server: [{ msgno: 1, uidl: 'big', size: 5_000 }], local: local(st('big', 'headers-only')) }));
    expect(plan.download).toEqual([{ msgno: 1, uidl: 'big', size: 5_000, mode: 'full', upgrade: true }]);
    expect(plan.delete).toEqual([]);
  });

  it('fetches only headers above the size limit', () => {
    const plan = planCheck(
      input({
        server: [
          { msgno: 1, uidl: 'small', size: 1000 },
          { msgno: 2, uidl: 'big', size: 1001 },
        ],
        headersOnlyAboveBytes: 1000,
      }),
    );
    expect(plan.download.map((d) => [d.uidl, d.mode])).toEqual([
      ['small', 'full'],
      ['big', 'headers'],
    ]);
  });

  it('never deletes, and downloads once, a UIDL the server lists twice', () => {
    const server = [
      { msgno: 1, uidl: 'dup', size: 10 },
      { msgno: 2, uidl: 'dup', size: 20 },
    ];
    const fresh = planCheck(input({ server }));
    expect(fresh.download.map((d) => d.msgno)).toEqual([1]);
    expect(fresh.duplicateUidls).toEqual(['dup']);
    const stored = planCheck(input({ server, local: local(st('dup', 'downloaded')) }));
    expect(stored.delete).toEqual([]);
  });

  it('reports messages gone from the server without ever deleting them here', () => {
    const plan = planCheck(input({ server: [], local: local(st('u1', 'downloaded'), st('u2', 'deleted'), st('u3', 'delete-pending')) }));
    expect(plan.goneFromServer.map((s) => s.uidl).sort()).toEqual(['u1', 'u3']);
    expect(plan.delete).toEqual([]);
    expect(plan.download).toEqual([]);
  });

  it('finishes a deletion that did not reach the UPDATE state, if the policy still wants it', () => {
    const server = [{ msgno: 1, uidl: 'u1', size: 1 }];
    expect(planCheck(input({ server, local: local(st('u1', 'delete-pending')) })).delete).toEqual([
      { msgno: 1, uidl: 'u1', reason: 'finish-pending' },
    ]);
    expect(planCheck(input({ server, local: local(st('u1', 'deleted')) })).delete).toEqual([
      { msgno: 1, uidl: 'u1', reason: 'finish-pending' },
    ]);
    const switched = planCheck(input({ server, local: local(st('u1', 'delete-pending')), policy: { kind: 'keep-forever' } }));
    expect(switched.delete).toEqual([]);
    expect(switched.keptAfterAll.map((s) => s.uidl)).toEqual(['u1']);
  });

  it('keep-until-deleted-here deletes only what the user deleted here', () => {
    const policy: PopPolicy = { kind: 'keep-until-deleted-here' };
    const server = [
      { msgno: 1, uidl: 'kept', size: 1 },
      { msgno: 2, uidl: 'gone-here', size: 1 },
    ];
    const plan = planCheck(input({ server, policy, local: local(st('kept', 'downloaded'), st('gone-here', 'downloaded', NOW, true)) }));
    expect(plan.delete).toEqual([{ msgno: 2, uidl: 'gone-here', reason: 'deleted-here' }]);
  });

  it('keep-forever never deletes', () => {
    const plan = planCheck(
      input({ server: [{ msgno: 1, uidl: 'u', size: 1 }], policy: { kind: 'keep-forever' }, local: local(st('u', 'downloaded', 0, true)) }),
    );
    expect(plan.delete).toEqual([]);
  });
});

describe('keep-N-days clock edges', () => {
  const policy: PopPolicy = { kind: 'keep-days', days: 14 };
  const at = (downloadedAt: number, now: number) => policyAllowsDelete(policy, st('u', 'downloaded', downloadedAt), now);

  it.each([
    ['one millisecond before the deadline', NOW - 14 * DAY_MS + 1, false],
    ['exactly at the deadline', NOW - 14 * DAY_MS, true],
    ['long after', NOW - 400 * DAY_MS, true],
    ['downloaded just now', NOW, false],
    ['clock moved backwards (downloaded "in the future")', NOW + 30 * DAY_MS, false],
  ])('%s', (_label, downloadedAt, expected) => {
    expect(at(downloadedAt, NOW)).toBe(expected);
  });

  it('serverCopyUntil is downloadedAt + N days, and null when no date applies', () => {
    expect(serverCopyUntil(policy, NOW)).toBe(NOW + 14 * DAY_MS);
    expect(serverCopyUntil({ kind: 'keep-forever' }, NOW)).toBeNull();
    expect(serverCopyUntil({ kind: 'delete-after-download' }, NOW)).toBeNull();
  });

  it('across a DST change the deadline stays 14 × 24 h of real time', () => {
    const beforeDst = Date.UTC(2026, 2, 20);
    expect(serverCopyUntil(policy, beforeDst)! - beforeDst).toBe(14 * 24 * 3600 * 1000);
  });
});

describe('planCheck properties (random servers, local states, policies, clocks)', () => {
  const uidl: fc.Arbitrary<string> = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
  const policyArb: fc.Arbitrary<PopPolicy> = fc.oneof(
    fc.constant({ kind: 'delete-after-download' as const }),
    fc.integer({ min: 1, max: 60 }).map((days) => ({ kind: 'keep-days' as const, days })),
    fc.constant({ kind: 'keep-until-deleted-here' as const }),
    fc.constant({ kind: 'keep-forever' as const }),
  );
  const stateArb = fc.record({
    uidl,
    state: fc.constantFrom<PopUidlState['state']>('downloaded', 'headers-only', 'delete-pending', 'deleted'),
    downloadedAt: fc.integer({ min: NOW - 100 * DAY_MS, max: NOW + 5 * DAY_MS }),
    deletedLocally: fc.boolean(),
  });
  const arb = fc.record({
    server: fc.array(fc.record({ uidl, size: fc.integer({ min: 1, max: 10_000_000 }) }), { maxLength: 12 }),
    local: fc.uniqueArray(stateArb, { selector: (s) => s.uidl, maxLength: 8 }),
    policy: policyArb,
    headersOnlyAboveBytes: fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: null }),
    now: fc.integer({ min: NOW - 10 * DAY_MS, max: NOW + 100 * DAY_MS }),
  });

  it('holds the safety invariants', () => {
    fc.assert(
      fc.property(arb, (gen) => {
        const server = gen.server.map((s, i) => ({ ...s, msgno: i + 1 }));
        const localMap = new Map(gen.local.map((s) => [s.uidl, st(s.uidl, s.state, s.downloadedAt, s.deletedLocally)]));
        const plan = planCheck({
          server,
          local: localMap,
          policy: gen.policy,
          headersOnlyAboveBytes: gen.headersOnlyAboveBytes,
          now: gen.now,
        });
        const counts = new Map<string, number>();
        for (const s of server) counts.set(s.uidl, (counts.get(s.uidl) ?? 0) + 1);

        for (const d of plan.delete) {
          const state = localMap.get(d.uidl);
          // Only what the store holds in full may be deleted (invariant 1)…
          expect(state).toBeDefined();
          expect(state!.state).not.toBe('headers-only');
          // …never an ambiguous duplicate, never under keep-forever, and the msgno is the server's.
          expect(counts.get(d.uidl)).toBe(1);
          expect(gen.policy.kind).not.toBe('keep-forever');
          expect(server.find((s) => s.msgno === d.msgno)?.uidl).toBe(d.uidl);
        }
        // Downloads are unique and never re-fetch a whole copy we already have.
        const downloaded = plan.download.map((d) => d.uidl);
        expect(new Set(downloaded).size).toBe(downloaded.length);
        for (const d of plan.download) {
          const state = localMap.get(d.uidl);
          expect(state === undefined || state.state === 'headers-only').toBe(true);
        }
        // Nothing is both deleted and downloaded; what left the server is never a DELE target.
        const deleted = new Set(plan.delete.map((d) => d.uidl));
        for (const u of downloaded) expect(deleted.has(u)).toBe(false);
        for (const g of plan.goneFromServer) expect(counts.has(g.uidl)).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });
});
