import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Engine } from '../../../electron/engine';
import { startTestEngine } from '../../helpers/engine';
import { type MailServer, startDovecot } from '../../mailserver/dovecot';
import { generateMessages, seedMaildir } from '../../mailserver/seed';

let server: MailServer;
let engine: Engine;
let app: Awaited<ReturnType<typeof startTestEngine>>;
const ctx = { clientId: 'test' };

beforeAll(async () => {
  server = await startDovecot({ users: [{ user: 'quota', password: 'quota-pw' }] });
  seedMaildir(server, 'quota', generateMessages(30, { seed: 8 }));
  app = await startTestEngine();
  engine = app.engine;
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

describe('account:quota through the engine', () => {
  it('reports the IMAP server’s used and total bytes, and null for POP3', async () => {
    const incoming = { host: '127.0.0.1', security: 'tls' as const, username: 'quota', trustedFingerprint256: server.certFingerprint256 };
    const imap = await engine.dispatch(
      'accounts:add',
      {
        password: 'quota-pw',
        settings: { name: 'Q', email: 'quota@homing.test', mode: 'imap', incoming: { ...incoming, port: server.ports.imaps } },
      },
      ctx,
    );
    const pop = await engine.dispatch(
      'accounts:add',
      {
        password: 'quota-pw',
        settings: { name: 'P', email: 'quota@homing.test', mode: 'pop3', incoming: { ...incoming, port: server.ports.pop3s } },
      },
      ctx,
    );
    if (!imap.ok || !pop.ok) throw new Error('could not add the accounts');
    const quota = await engine.dispatch('account:quota', { accountId: (imap.value as { id: string }).id }, ctx);
    if (!quota.ok) throw new Error(quota.error.message);
    const value = (quota as { value: { usedBytes: number; limitBytes: number } }).value;
    expect(value.limitBytes).toBe(1024 ** 3);
    expect(value.usedBytes).toBeGreaterThan(100_000);
    expect(await engine.dispatch('account:quota', { accountId: (pop.value as { id: string }).id }, ctx)).toEqual({ ok: true, value: null });
  });
});
