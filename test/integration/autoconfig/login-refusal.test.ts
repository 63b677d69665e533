import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AccountSettings, ServerSettings } from '../../../electron/contract';
import { testAccount, type TestLimits } from '../../../electron/engine/accounts/test-account';
import { createImapTester } from '../../../electron/engine/imap/test-connection';
import { silentLogger } from '../../../electron/engine/log';
import { testPop3 } from '../../../electron/engine/pop3/sync/test-pop3';
import { type MailServer, startDovecot } from '../../mailserver/dovecot';
import { type SmtpServer, startPostfix } from '../../mailserver/postfix';

// Dovecot (and Postfix, which asks Dovecot) refuse erin's right password with the words Gmail uses.
const REFUSAL = 'Application-specific password required';
const users = [
  { user: 'dana@homing.test', password: 'dana-password' },
  { user: 'erin@homing.test', password: 'erin-password', refusal: REFUSAL },
  { user: 'frank@homing.test', password: 'frank-password', noQuota: true },
];
const testers = { imap: createImapTester(silentLogger), pop3: testPop3() };

let dovecot: MailServer;
let smtp: SmtpServer;
let limits: TestLimits;

beforeAll(async () => {
  dovecot = await startDovecot({ users });
  smtp = await startPostfix(dovecot);
  limits = { timeoutMs: 10_000, extraCa: dovecot.caCertPem };
});
afterAll(async () => {
  await smtp?.close();
  await dovecot?.stop();
});

const server = (port: number, user: string, over: Partial<ServerSettings> = {}): ServerSettings => ({
  host: '127.0.0.1',
  port,
  security: 'tls',
  username: user,
  allowCleartextPassword: false,
  ...over,
});

const settings = (mode: 'imap' | 'pop3', user: string): AccountSettings => ({
  name: 'Test',
  email: user,
  mode,
  incoming: server(mode === 'imap' ? dovecot.ports.imaps : dovecot.ports.pop3s, user),
  smtp: server(smtp.ports.submission, user, { security: 'starttls' }),
});

describe('a server that asks for an app password says so, and Homing quotes it (real Dovecot and Postfix)', () => {
  it.each(['imap', 'pop3'] as const)('%s: "needs an app password", the server’s words quoted, the password nowhere', async (mode) => {
    const password = 'erin-password';
    // Without SMTP: Postfix asks Dovecot's auth service, which leaves "nologin" to Dovecot's own
    // login processes, so only IMAP and POP3 can refuse this way here (SMTP wordings: unit table).
    const { smtp: _sending, ...incomingOnly } = settings(mode, 'erin@homing.test');
    const result = await testAccount(incomingOnly, password, testers, limits);
    expect(result.smtp).toBeUndefined();
    expect(result.incoming.ok).toBe(false);
    expect(result.incoming.error?.code).toBe('auth_failed');
    expect(result.incoming.error?.detail).toMatchObject({ reason: 'needs_app_password', serverSays: REFUSAL });
    expect(result.incoming.error?.message).toBe(
      `127.0.0.1 does not accept your normal password here; it asks for an app password. It said: “${REFUSAL}”`,
    );
    expect(JSON.stringify(result)).not.toContain(password);
  });

  it.each(['imap', 'pop3'] as const)('%s and SMTP: a wrong password stays "wrong password", with nothing generic quoted', async (mode) => {
    const result = await testAccount(settings(mode, 'dana@homing.test'), 'not-dana', testers, limits);
    expect(result.incoming.error?.detail?.reason).toBe('wrong_credentials');
    expect(result.incoming.error?.message).toMatch(/^127\.0\.0\.1 did not accept the user name or password\./);
    expect(result.smtp?.error?.detail?.reason).toBe('wrong_credentials');
  });

  it('the right password still signs in to both, and IMAP reports the mailbox size limit', async () => {
    const result = await testAccount(settings('imap', 'dana@homing.test'), 'dana-password', testers, limits);
    expect(result.incoming).toMatchObject({ ok: true });
    expect(result.incoming.facts.quota).toMatch(/^\d+ of 1073741824 bytes$/);
    expect(result.smtp).toMatchObject({ ok: true });
  });

  it('a mailbox without a size limit is reported as "none", not as unknown', async () => {
    const { smtp: _sending, ...incomingOnly } = settings('imap', 'frank@homing.test');
    const result = await testAccount(incomingOnly, 'frank-password', testers, limits);
    expect(result.incoming).toMatchObject({ ok: true, facts: { quota: 'none' } });
  });
});
