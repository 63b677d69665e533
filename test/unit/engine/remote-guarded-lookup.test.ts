import type { lookup as dnsLookup, LookupAddress } from 'node:dns';

import { describe, expect, it } from 'vitest';

import { guardedLookup, RefusedAddressError } from '../../../electron/engine/remote/guarded-lookup';

/** A resolver answering from a table, the way dns.lookup answers with `all: true`. */
const table = (answers: Record<string, LookupAddress[]>) =>
  ((hostname: string, _options: unknown, callback: (err: Error | null, addresses: LookupAddress[]) => void) => {
    const found = answers[hostname];
    if (!found) callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
    else callback(null, found);
  }) as unknown as typeof dnsLookup;

const run = (hostname: string, all: boolean, answers: Record<string, LookupAddress[]>) =>
  new Promise<{ err: Error | null; address: unknown; family?: number }>((resolve) => {
    guardedLookup(table(answers))(hostname, { all }, (err, address, family) => resolve({ err, address, family }));
  });

const answers: Record<string, LookupAddress[]> = {
  'img.example': [{ address: '93.184.216.34', family: 4 }],
  'dual.example': [
    { address: '2606:2800:220:1::1', family: 6 },
    { address: '93.184.216.34', family: 4 },
  ],
  'rebind.example': [{ address: '127.0.0.1', family: 4 }],
  'mixed.example': [
    { address: '93.184.216.34', family: 4 },
    { address: '10.0.0.7', family: 4 },
  ],
  'mapped.example': [{ address: '::ffff:192.168.0.1', family: 6 }],
};

describe('guardedLookup', () => {
  it('answers public addresses in the form asked for (one, or all for autoSelectFamily)', async () => {
    expect(await run('img.example', false, answers)).toEqual({ err: null, address: '93.184.216.34', family: 4 });
    expect((await run('dual.example', true, answers)).address).toEqual(answers['dual.example']);
  });

  it('refuses a name resolving to this computer or the local network, naming both', async () => {
    const { err } = await run('rebind.example', false, answers);
    expect(err).toBeInstanceOf(RefusedAddressError);
    expect(err?.message).toBe('rebind.example (127.0.0.1) is this computer itself; a message may not make Homing reach it.');
    expect((await run('mixed.example', true, answers)).err?.message).toMatch(/10\.0\.0\.7.*private local network/);
    expect((await run('mapped.example', false, answers)).err?.message).toMatch(/private local network/);
  });

  it('passes resolver errors through unchanged', async () => {
    expect((await run('nowhere.example', false, answers)).err).toMatchObject({ code: 'ENOTFOUND' });
  });
});
