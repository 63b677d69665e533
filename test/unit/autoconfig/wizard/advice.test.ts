import { describe, expect, it } from 'vitest';

import { type AdviceContext, adviceFor } from '../../../../renderer/features/setup/advice';
import { probeSentence } from '../../../../renderer/features/setup/probe-words';

const ctx = (over: Partial<AdviceContext> = {}): AdviceContext => ({
  host: 'pop.example.com',
  port: 995,
  security: 'tls',
  usernames: ['me@example.com'],
  provider: null,
  ...over,
});

describe('what the sign-in step says when a test fails', () => {
  it('wrong password: names the user names tried, offers to retype', () => {
    const a = adviceFor(
      { code: 'auth_failed', message: 'login failed: -ERR [AUTH] Authentication failed.' },
      ctx({ usernames: ['me@example.com', 'me'] }),
    );
    expect(a.headline).toBe('The password was not accepted');
    expect(a.sentences[0]).toContain('“me@example.com” and “me”');
    expect(a.actions).toContain('retype-password');
  });

  it('app password: from the provider table, or when the server says so', () => {
    const gmail = adviceFor(
      { code: 'auth_failed', message: 'x' },
      ctx({
        provider: {
          id: 'g',
          name: 'Gmail',
          needsAppPassword: true,
          oauthOnly: false,
          appPasswordUrl: 'https://myaccount.google.com/apppasswords',
        },
      }),
    );
    expect(gmail.headline).toBe('This account needs an app password');
    expect(gmail.link?.href).toBe('https://myaccount.google.com/apppasswords');
    const said = adviceFor(
      { code: 'auth_failed', message: 'login failed: -ERR [AUTH] Application-specific password required: https://support.google.com/' },
      ctx(),
    );
    expect(said.headline).toBe('This account needs an app password');
    const web = adviceFor({ code: 'auth_failed', message: '[WEBALERT https://x] Web login required' }, ctx());
    expect(web.headline).toBe('This account needs an app password');
  });

  it('OAuth only: says plainly that Homing cannot sign in there yet', () => {
    const a = adviceFor(
      { code: 'auth_failed', message: 'x' },
      ctx({ provider: { id: 'o', name: 'Outlook.com', needsAppPassword: false, oauthOnly: true } }),
    );
    expect(a.headline).toBe('Outlook.com does not accept passwords from mail programs');
    expect(a.actions).toEqual([]);
  });

  it.each([
    ['host_not_found', 'The server name could not be found', /no server called “pop\.example\.com”/],
    ['connection_refused', 'The server refused the connection', /nothing answered on port 995/],
    ['timeout', 'The server did not answer in time', /did not answer/],
    ['tls_failed', 'A secure connection could not be set up', /did not complete encryption/],
  ] as const)('%s', (code, headline, sentence) => {
    const a = adviceFor({ code, message: 'm' }, ctx());
    expect(a.headline).toBe(headline);
    expect(a.sentences.join(' ')).toMatch(sentence);
    expect(a.actions).toContain('change-servers');
  });

  it('untrusted, expired and changed certificates each get their own headline; trust needs a fingerprint', () => {
    const detail = { subject: 'CN=x', issuer: 'CN=x', validFrom: 'Jan 1 2020', validTo: 'Jan 1 2021 GMT', fingerprint256: 'AB' };
    const in2020 = Date.parse('2020-06-01T00:00:00Z');
    expect(
      adviceFor(
        { code: 'untrusted_certificate', message: 'm', detail: { ...detail, reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' } },
        ctx({ now: in2020 }),
      ),
    ).toMatchObject({
      headline: 'This computer does not trust the server’s certificate',
      actions: ['trust-certificate', 'change-servers'],
    });
    const expired = adviceFor({ code: 'untrusted_certificate', message: 'm', detail: { ...detail, reason: 'CERT_HAS_EXPIRED' } }, ctx());
    expect(expired.headline).toBe('The server’s certificate has expired');
    expect(expired.sentences[0]).toMatch(/2021/);
    expect(
      adviceFor(
        { code: 'untrusted_certificate', message: 'm', detail: { ...detail, reason: 'FINGERPRINT_MISMATCH' } },
        ctx({ now: in2020 }),
      ).headline,
    ).toBe('The server’s certificate has changed');
    // Self-signed AND expired: OpenSSL names only the first problem; the dates name the second.
    const selfSignedExpired = adviceFor(
      { code: 'untrusted_certificate', message: 'm', detail: { ...detail, reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' } },
      ctx({ now: Date.parse('2024-01-01T00:00:00Z') }),
    );
    expect(selfSignedExpired.headline).toBe('The server’s certificate has expired');
    expect(selfSignedExpired.sentences[0]).toContain('expired on 1 January 2021');
    expect(selfSignedExpired.actions).toEqual(['trust-certificate', 'change-servers']);
    expect(
      adviceFor({ code: 'untrusted_certificate', message: 'm', detail }, ctx({ now: Date.parse('2019-01-01T00:00:00Z') })).headline,
    ).toBe('The server’s certificate is not valid yet');
    expect(adviceFor({ code: 'untrusted_certificate', message: 'm' }, ctx()).actions).toEqual(['change-servers']);
  });

  it('the engine’s reason decides: app password, web login, password sign-in off — each quoting the server', () => {
    const app = adviceFor(
      {
        code: 'auth_failed',
        message: 'm',
        detail: { reason: 'needs_app_password', serverSays: 'Application-specific password required' },
      },
      ctx(),
    );
    expect(app).toMatchObject({
      headline: 'This account needs an app password',
      serverSays: 'Application-specific password required',
      actions: ['retype-password'],
    });
    const web = adviceFor(
      { code: 'auth_failed', message: 'm', detail: { reason: 'needs_web_login', serverSays: 'Web login required.' } },
      ctx(),
    );
    expect(web.headline).toBe('Your provider wants you to confirm it is you');
    expect(web.sentences[0]).toMatch(/sign in once on your provider’s website/);
    expect(web.serverSays).toBe('Web login required.');
    const off = adviceFor({ code: 'auth_failed', message: 'm', detail: { reason: 'password_login_disabled' } }, ctx());
    expect(off.headline).toBe('This provider does not accept passwords from mail programs');
    expect(off.actions).toEqual([]);
    const plain = adviceFor({ code: 'auth_failed', message: 'm', detail: { reason: 'wrong_credentials' } }, ctx());
    expect(plain.headline).toBe('The password was not accepted');
    expect(plain.serverSays).toBeUndefined();
  });

  it('the sending server gets its own words: a wrong sending password is not a wrong receiving one', () => {
    const sending = ctx({ host: 'smtp.example.com', port: 587, security: 'starttls', sending: true });
    const wrong = adviceFor({ code: 'auth_failed', message: 'm', detail: { reason: 'wrong_credentials' } }, sending);
    expect(wrong.headline).toBe('The sending server did not accept the password');
    expect(wrong.sentences[0]).toMatch(/for sending mail, although receiving may work/);
    expect(wrong.actions[0]).toBe('change-servers');
    expect(adviceFor({ code: 'host_not_found', message: 'm' }, sending)).toMatchObject({
      headline: 'The sending server’s name could not be found',
      sentences: [expect.stringMatching(/no sending server called “smtp\.example\.com”/)],
    });
    expect(adviceFor({ code: 'connection_refused', message: 'm' }, sending).headline).toBe('The sending server refused the connection');
    expect(adviceFor({ code: 'timeout', message: 'm' }, sending).headline).toBe('The sending server did not answer in time');
    expect(adviceFor({ code: 'cleartext_refused', message: 'm' }, sending).headline).toBe('The sending server offers no encryption');
  });

  it('timeout: says how long Homing waited', () => {
    const a = adviceFor({ code: 'timeout', message: 'm', detail: { seconds: '3' } }, ctx());
    expect(a.sentences[0]).toMatch(/^pop\.example\.com \(port 995\) did not answer within 3 seconds\./);
  });

  it('no encryption: names the risk and offers explicit consent', () => {
    const a = adviceFor({ code: 'cleartext_refused', message: 'm' }, ctx({ security: 'none', port: 110 }));
    expect(a.headline).toBe('This server offers no encryption');
    expect(a.sentences[0]).toMatch(/readable by anyone on the way/);
    expect(a.actions).toEqual(['allow-cleartext', 'change-servers']);
  });
});

describe("the live check's sentence", () => {
  const base = {
    speaks: true,
    encryption: 'tls' as const,
    starttlsOffered: false,
    certificate: null,
    authMechanisms: [],
    loginDisabled: false,
    error: null,
  };
  const t = { host: 'pop.example.com', port: 995, security: 'tls' as const };

  it('good, warning and bad', () => {
    expect(probeSentence('pop3', t, base)).toEqual({ tone: 'good', text: 'A POP3 server answers at pop.example.com, encrypted.' });
    expect(
      probeSentence('pop3', t, {
        ...base,
        certificate: { trusted: false, subject: '', issuer: '', validFrom: '', validTo: '', fingerprint256: '' },
      }).tone,
    ).toBe('warning');
    expect(probeSentence('pop3', { ...t, security: 'none' }, { ...base, encryption: 'none', starttlsOffered: true }).text).toMatch(
      /not encrypted\. It offers encryption/,
    );
    expect(
      probeSentence('imap', t, {
        ...base,
        speaks: false,
        encryption: null,
        error: { code: 'protocol_error', message: 'm', detail: { answeredAs: 'pop3' } },
      }).text,
    ).toBe('Port 995 on pop.example.com is not an IMAP server; it answered like a POP3 server. Check the port.');
    expect(
      probeSentence('pop3', t, { ...base, speaks: false, encryption: null, error: { code: 'host_not_found', message: 'm' } }).text,
    ).toBe('No server called “pop.example.com” can be found.');
  });
});
