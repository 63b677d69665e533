import { describe, expect, it } from 'vitest';

import {
  classifyLoginRefusal,
  type LoginRefusalInput,
  maxQuoted,
  quoteServer,
  refusalMessage,
} from '../../../electron/engine/accounts/login-refusal';
import { asUtf8, explainFailure } from '../../../electron/engine/accounts/test-account';

type Row = [string, LoginRefusalInput, ReturnType<typeof classifyLoginRefusal>['kind'], string];

// What real servers answer, word for word where the provider publishes it.
const table: Row[] = [
  [
    'Gmail IMAP, [ALERT]',
    {
      protocol: 'imap',
      text: 'Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)',
      responseCode: 'ALERT',
    },
    'needs_app_password',
    'Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)',
  ],
  [
    'Gmail POP3, [AUTH]',
    { protocol: 'pop3', text: 'Application-specific password required', responseCode: 'AUTH' },
    'needs_app_password',
    'Application-specific password required',
  ],
  [
    'Gmail SMTP 535 5.7.9',
    {
      protocol: 'smtp',
      text: '535-5.7.9 Application-specific password required. Learn more at 535 5.7.9 https://support.google.com/mail/?p=InvalidSecondFactor',
    },
    'needs_app_password',
    'Application-specific password required. Learn more at 535 5.7.9 https://support.google.com/mail/?p=InvalidSecondFactor',
  ],
  [
    'Yahoo: app password',
    { protocol: 'imap', text: 'LOGIN failed. Please generate an app password', responseCode: 'AUTHENTICATIONFAILED' },
    'needs_app_password',
    'LOGIN failed. Please generate an app password',
  ],
  [
    'Dovecot nologin reason (tabs)',
    { protocol: 'imap', text: 'Application-specific\tpassword\trequired', responseCode: 'CONTACTADMIN' },
    'needs_app_password',
    'Application-specific password required',
  ],
  [
    'Gmail IMAP [WEBALERT]',
    { protocol: 'imap', text: 'Web login required.', responseCode: 'WEBALERT' },
    'needs_web_login',
    'Web login required.',
  ],
  ['WEBALERT without text', { protocol: 'imap', text: '', responseCode: 'webalert' }, 'needs_web_login', ''],
  [
    'Gmail SMTP 534 5.7.14',
    {
      protocol: 'smtp',
      text: '534-5.7.14 <https://accounts.google.com/signin/continue> Please log in with your web browser and then try again.',
    },
    'needs_web_login',
    '<https://accounts.google.com/signin/continue> Please log in with your web browser and then try again.',
  ],
  ['SMTP 5.7.14 without words', { protocol: 'smtp', text: '534 5.7.14 Rejected' }, 'needs_web_login', 'Rejected'],
  [
    'IMAP "log in via your web browser"',
    { protocol: 'imap', text: 'Please log in via your web browser', responseCode: 'ALERT' },
    'needs_web_login',
    'Please log in via your web browser',
  ],
  [
    'Microsoft basic auth off',
    { protocol: 'smtp', text: '535 5.7.139 Authentication unsuccessful, basic authentication is disabled.' },
    'password_login_disabled',
    'Authentication unsuccessful, basic authentication is disabled.',
  ],
  [
    'OAuth required',
    { protocol: 'pop3', text: 'OAuth2 required for this account', responseCode: 'AUTH' },
    'password_login_disabled',
    'OAuth2 required for this account',
  ],
  [
    'Dovecot wrong password: generic, not quoted',
    { protocol: 'imap', text: 'Authentication failed.', responseCode: 'AUTHENTICATIONFAILED' },
    'wrong_credentials',
    '',
  ],
  [
    'POP3 wrong password',
    { protocol: 'pop3', text: '[AUTH] Authentication failed.' },
    'wrong_credentials',
    '[AUTH] Authentication failed.',
  ],
  [
    'SMTP wrong password (Postfix + Dovecot SASL): generic, not quoted',
    { protocol: 'smtp', text: '535 5.7.8 Error: authentication failed: authentication failure' },
    'wrong_credentials',
    '',
  ],
  [
    'Postfix without a reason: generic, not quoted',
    { protocol: 'smtp', text: '535 5.7.8 Error: authentication failed: (reason unavailable)' },
    'wrong_credentials',
    '',
  ],
  [
    'SMTP wrong password with a useful reason: quoted',
    { protocol: 'smtp', text: '535 5.7.8 Error: authentication failed: account locked after too many attempts' },
    'wrong_credentials',
    'Error: authentication failed: account locked after too many attempts',
  ],
  [
    'IMAP [ALERT] about something else is quoted',
    { protocol: 'imap', text: 'Your account is locked; call support', responseCode: 'ALERT' },
    'wrong_credentials',
    'Your account is locked; call support',
  ],
  ['nothing said', { protocol: 'imap', text: '' }, 'wrong_credentials', ''],
  // 5.7.9 alone is RFC 4954's "mechanism too weak", not an app password.
  [
    'SMTP 5.7.9 mechanism too weak',
    { protocol: 'smtp', text: '534 5.7.9 Authentication mechanism is too weak' },
    'wrong_credentials',
    'Authentication mechanism is too weak',
  ],
  // The enhanced code means web login only in an SMTP reply.
  ['IMAP text with 5.7.14 is not SMTP', { protocol: 'imap', text: '534 5.7.14 nothing' }, 'wrong_credentials', 'nothing'],
];

describe('classifyLoginRefusal: what the server said about a refused sign-in', () => {
  it.each(table)('%s', (_name, input, kind, serverSays) => {
    expect(classifyLoginRefusal(input)).toEqual({ kind, serverSays });
  });

  it('blanks the password even when the server echoes it, and never quotes control characters or a second line', () => {
    const r = classifyLoginRefusal({
      protocol: 'imap',
      text: 'Application-specific password required (you sent "hunter2")\r\n* BYE injected\x07',
      secrets: ['hunter2'],
    });
    expect(r.kind).toBe('needs_app_password');
    expect(r.serverSays).toBe('Application-specific password required (you sent "***") * BYE injected');
    expect(r.serverSays).not.toContain('hunter2');
  });

  it('bounds what it quotes', () => {
    const quoted = quoteServer(`Application-specific password required ${'x'.repeat(5000)}`);
    expect(quoted.length).toBe(maxQuoted);
    expect(quoted.endsWith('…')).toBe(true);
    expect(quoteServer('\u2028a\u0085b\u00a0c')).toBe('a b c');
  });

  it('words each kind with the host and the server’s words', () => {
    const r = classifyLoginRefusal({ protocol: 'smtp', text: '535 5.7.9 Application-specific password required' });
    expect(refusalMessage('smtp.example.com', r, true)).toBe(
      'smtp.example.com does not accept your normal password here for sending mail; it asks for an app password. It said: “Application-specific password required”',
    );
    expect(refusalMessage('imap.example.com', { kind: 'wrong_credentials', serverSays: '' }, false)).toBe(
      'imap.example.com did not accept the user name or password.',
    );
    expect(refusalMessage('h', { kind: 'needs_web_login', serverSays: '' }, false)).toMatch(/sign in once on its website/);
    expect(refusalMessage('h', { kind: 'password_login_disabled', serverSays: 'x' }, false)).toBe(
      'h has switched off password sign-in for mail programs. It said: “x”',
    );
  });
});

describe('explainFailure: one wording for IMAP, POP3 and SMTP failures', () => {
  const ctx = { host: 'mail.example.com', sending: false, password: 'pw-secret', timeoutMs: 3_000 };

  it('reads a POP3 refusal from its message', () => {
    const out = explainFailure({ code: 'auth_failed', message: 'login failed: Application-specific password required' }, ctx);
    expect(out.detail).toEqual({ reason: 'needs_app_password', serverSays: 'Application-specific password required' });
    expect(out.message).toContain('asks for an app password');
  });

  it('reads an SMTP refusal from detail.reply, and says it is the sending server', () => {
    const out = explainFailure(
      { code: 'auth_failed', message: 'x did not accept', detail: { reply: '534 5.7.14 Please log in with your web browser' } },
      { ...ctx, sending: true },
    );
    expect(out.detail?.reason).toBe('needs_web_login');
    expect(out.message).toMatch(/for sending mail/);
  });

  it('leaves an IMAP refusal that is already explained alone', () => {
    const error = { code: 'auth_failed' as const, message: 'm', detail: { reason: 'wrong_credentials' } };
    expect(explainFailure(error, ctx)).toEqual(error);
  });

  it('says how long it waited for a silent server', () => {
    expect(explainFailure({ code: 'timeout', message: 'x' }, ctx)).toEqual({
      code: 'timeout',
      message: 'mail.example.com did not answer within 3 seconds.',
      detail: { seconds: '3' },
    });
  });

  it('never lets the password through, in the message or the detail', () => {
    const out = explainFailure({ code: 'protocol_error', message: 'server said pw-secret', detail: { reply: 'echo pw-secret' } }, ctx);
    expect(JSON.stringify(out)).not.toContain('pw-secret');
  });
});

describe('asUtf8: POP3 status text read byte for byte', () => {
  it.each([
    [
      'UTF-8 read as latin1 is repaired',
      Buffer.from('Ungültiges Passwort\u00a0!', 'utf8').toString('latin1'),
      'Ungültiges Passwort\u00a0!',
    ],
    ['plain ASCII is untouched', 'Authentication failed.', 'Authentication failed.'],
    ['real latin1 that is not UTF-8 stays', 'caf\u00e9', 'caf\u00e9'],
    ['already decoded text stays', 'Über €', 'Über €'],
  ])('%s', (_name, input, expected) => {
    expect(asUtf8(input)).toBe(expected);
  });
});
