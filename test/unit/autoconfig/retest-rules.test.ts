import { describe, expect, it } from 'vitest';

import type { AccountSettings, ServerSettings } from '../../../electron/contract';
import { savedPasswordMayGo, savedPasswordMayGoAll } from '../../../electron/engine/accounts/probe/retest-account';

const server: ServerSettings = { host: 'pop.example.com', port: 995, security: 'starttls', username: 'me', allowCleartextPassword: false };
const fp = 'AB:'.repeat(31) + 'AB';

describe('when the saved password may be sent without asking again', () => {
  it.each<[string, Partial<ServerSettings>, boolean]>([
    ['unchanged', {}, true],
    ['host in other letter case', { host: 'POP.Example.com' }, true],
    ['stronger encryption', { security: 'tls' }, true],
    ['a pinned certificate removed', {}, true],
    ['another host', { host: 'pop.evil.example' }, false],
    ['another port', { port: 110 }, false],
    ['another user name', { username: 'you' }, false],
    ['weaker encryption', { security: 'none' }, false],
    ['cleartext newly allowed', { allowCleartextPassword: true }, false],
    ['a certificate newly pinned', { trustedFingerprint256: fp }, false],
  ])('%s → %s', (_label, change, allowed) => {
    expect(savedPasswordMayGo(server, { ...server, ...change })).toBe(allowed);
  });

  it('keeps an already pinned certificate, and treats a new sending server as a new server', () => {
    const pinned = { ...server, trustedFingerprint256: fp };
    expect(savedPasswordMayGo(pinned, pinned)).toBe(true);
    expect(savedPasswordMayGo(pinned, { ...server })).toBe(true);
    const base: AccountSettings = { name: 'n', email: 'me@example.com', mode: 'pop3', incoming: server };
    expect(savedPasswordMayGoAll(base, { ...base, smtp: { ...server, host: 'smtp.example.com' } })).toBe(false);
    expect(savedPasswordMayGoAll({ ...base, smtp: server }, { ...base, smtp: server })).toBe(true);
  });
});
