import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Account, type AccountSettings, HomingError } from '../../../electron/contract';
import { createRetestHandler } from '../../../electron/engine/accounts/probe/retest-account';
import { testAccount } from '../../../electron/engine/accounts/test-account';
import { testPop3 } from '../../../electron/engine/pop3/sync/test-pop3';
import { FileSecretStore } from '../../../electron/engine/secrets/file-secret-store';
import { type MailServer, startDovecot } from '../../mailserver/dovecot';

const PASSWORD = 'retest-Passw0rd';
let dovecot: MailServer;
let dir: string;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: 'eve', password: PASSWORD }] });
  dir = mkdtempSync(join(tmpdir(), 'homing-retest-'));
});

afterAll(async () => {
  await dovecot?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('accounts:retest against Dovecot', () => {
  const account = (): Account => ({
    id: 'acct-1',
    createdAt: 0,
    name: 'Eve',
    email: 'eve@homing.test',
    mode: 'pop3',
    incoming: { host: '127.0.0.1', port: dovecot.ports.pop3s, security: 'tls', username: 'eve', allowCleartextPassword: false },
    pop3: { policy: { kind: 'keep-days', days: 14 }, headersOnlyAboveKb: null, checkIntervalMinutes: 10 },
  });
  const handler = async () => {
    const secrets = new FileSecretStore(join(dir, 'secrets'));
    await secrets.set('acct-1', PASSWORD);
    const seen: string[] = [];
    const retest = createRetestHandler({
      getAccount: (id) => {
        if (id !== 'acct-1') throw new HomingError('not_found', 'no such account');
        return account();
      },
      secrets,
      test: (settings, password) => {
        seen.push(`${settings.incoming.host}:${settings.incoming.port}`);
        return testAccount(settings, password, { pop3: testPop3({ ca: dovecot.caCertPem }) });
      },
    });
    return { retest, seen };
  };

  it('re-tests unchanged or strengthened settings with the saved password', async () => {
    const { retest } = await handler();
    const changed: AccountSettings = {
      ...account(),
      pop3: { policy: { kind: 'keep-forever' }, headersOnlyAboveKb: null, checkIntervalMinutes: 30 },
    };
    const result = await retest({ accountId: 'acct-1', settings: changed });
    expect(result.incoming).toMatchObject({ ok: true, facts: { messages: '0' } });
  });

  it('never sends the saved password to a changed server; with a typed password it tests there', async () => {
    const { retest, seen } = await handler();
    const moved: AccountSettings = { ...account(), incoming: { ...account().incoming, port: dovecot.ports.pop3, security: 'starttls' } };
    await expect(retest({ accountId: 'acct-1', settings: moved })).rejects.toMatchObject({
      code: 'invalid_input',
      detail: { needs: 'password' },
    });
    expect(seen).toEqual([]);
    const result = await retest({ accountId: 'acct-1', settings: moved, password: PASSWORD });
    expect(result.incoming.ok).toBe(true);
    expect(seen).toEqual([`127.0.0.1:${dovecot.ports.pop3}`]);
  });

  it('reports a wrong typed password as the server said', async () => {
    const { retest } = await handler();
    const result = await retest({ accountId: 'acct-1', settings: account(), password: 'wrong' });
    expect(result.incoming).toMatchObject({ ok: false, error: { code: 'auth_failed' } });
  });
});
