import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AccountSettingsInput } from '../../../electron/contract';
import type { Engine } from '../../../electron/engine';
import { startTestEngine } from '../../helpers/engine';
import { passwordOf, type Servers, smtpSettings, startServers } from './helpers';

let s: Servers;
let engine: Engine;
let app: Awaited<ReturnType<typeof startTestEngine>>;
const USER = 'alice@homing.test';

beforeAll(async () => {
  s = await startServers();
  app = await startTestEngine();
  engine = app.engine;
});
afterAll(async () => {
  await app?.close();
  await s?.close();
});

const settings = (): AccountSettingsInput => ({
  name: 'Alice',
  email: USER,
  mode: 'imap',
  incoming: {
    host: '127.0.0.1',
    port: s.dovecot.ports.imaps,
    security: 'tls',
    username: USER,
    trustedFingerprint256: s.dovecot.certFingerprint256,
  },
  smtp: { ...smtpSettings(s, USER), trustedFingerprint256: s.smtp.certFingerprint256 },
});

describe('accounts:test signs in to the incoming and the outgoing server', () => {
  it('reports both, and a wrong password on both, in plain codes', async () => {
    const good = await engine.dispatch('accounts:test', { settings: settings(), password: passwordOf(USER) }, { clientId: 't' });
    if (!good.ok) throw new Error(good.error.message);
    const value = good.value as { incoming: { ok: boolean }; smtp?: { ok: boolean; facts: Record<string, string> } };
    expect(value.incoming.ok).toBe(true);
    expect(value.smtp?.ok).toBe(true);
    expect(value.smtp?.facts.encryption).toBe('STARTTLS (required)');

    const bad = await engine.dispatch('accounts:test', { settings: settings(), password: 'not-it' }, { clientId: 't' });
    if (!bad.ok) throw new Error(bad.error.message);
    const wrong = bad.value as { incoming: { ok: boolean; error?: { code: string } }; smtp?: { ok: boolean; error?: { code: string } } };
    expect(wrong.incoming.error?.code).toBe('auth_failed');
    expect(wrong.smtp?.ok).toBe(false);
    expect(wrong.smtp?.error?.code).toBe('auth_failed');
  });
});
