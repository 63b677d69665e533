import { describe, expect, it } from 'vitest';

import { certificateTime, formatCertificateDate, trustLabel } from '../../../../renderer/features/setup/certificate-dates';
import { quotaCardLine, quotaCheckFrom } from '../../../../renderer/features/setup/quota';
import { quotaTarget } from '../../../../renderer/features/setup/quota-check';
import { initialWizardState, wizardReducer, type WizardState } from '../../../../renderer/features/setup/wizard-state';
import { result, server } from './fixtures';

const detail = { validFrom: 'Jan  1 00:00:00 2020 GMT', validTo: 'Jan  1 00:00:00 2021 GMT' };
const at = (iso: string) => Date.parse(iso);

describe('a certificate’s validity in words', () => {
  it.each([
    ['before', '2019-12-31T23:59:59Z', 'not-yet-valid'],
    ['during', '2020-06-01T00:00:00Z', 'valid'],
    ['after', '2021-01-01T00:00:01Z', 'expired'],
  ] as const)('%s its dates', (_when, now, expected) => {
    expect(certificateTime(detail, at(now))).toBe(expected);
  });

  it('falls back to OpenSSL’s reason only when the dates are unreadable', () => {
    expect(certificateTime({ validTo: '??', reason: 'CERT_HAS_EXPIRED' }, 0)).toBe('expired');
    expect(certificateTime({ validFrom: '??', reason: 'CERT_NOT_YET_VALID' }, 0)).toBe('not-yet-valid');
    expect(certificateTime({}, 0)).toBe('unknown');
  });

  it('writes OpenSSL dates as people do, in UTC', () => {
    expect(formatCertificateDate('Jan  1 00:00:00 2021 GMT')).toBe('1 January 2021');
    expect(formatCertificateDate('Dec 31 23:30:00 2020 GMT')).toBe('31 December 2020');
    expect(formatCertificateDate('garbage')).toBe('garbage');
    expect(formatCertificateDate(undefined)).toBe('an unknown date');
  });

  it('the consent to trust names the expiry', () => {
    expect(trustLabel(detail, at('2024-01-01T00:00:00Z'))).toBe(
      'Trust this certificate for this account only, although it expired on 1 January 2021',
    );
    expect(trustLabel(detail, at('2019-01-01T00:00:00Z'))).toMatch(/although it is valid only from 1 January 2020$/);
    expect(trustLabel(detail, at('2020-06-01T00:00:00Z'))).toBe('Trust this one certificate for this account only');
  });
});

describe('the mailbox size on the IMAP card', () => {
  it.each([
    [{ quota: '13107 of 1073741824 bytes' }, 'Your server gives you 1 GB; 13 KB used.'],
    [{ quota: '0 of 5368709120 bytes' }, 'Your server gives you 5 GB; 0 bytes used.'],
    [{ quota: 'none' }, 'Your provider does not report a size limit for this mailbox.'],
    [{ quota: 'unknown' }, 'The server did not say how much room your mailbox has.'],
    [{}, 'The server did not say how much room your mailbox has.'],
  ])('%j', (facts, line) => {
    expect(quotaCardLine(quotaCheckFrom(facts))).toBe(line);
  });

  it('says nothing it does not know', () => {
    expect(quotaCardLine({ state: 'no-password' })).toBeNull();
    expect(quotaCardLine({ state: 'not-verified' })).toBeNull();
    expect(quotaCardLine({ state: 'failed' })).toMatch(/could not sign in/);
    expect(quotaCardLine({ state: 'checking' })).toMatch(/Asking the server/);
  });
});

describe('which server the choice screen may sign in to for the size', () => {
  const discovered = (over: Parameters<typeof result>[0] = {}): WizardState =>
    wizardReducer(wizardReducer(initialWizardState, { type: 'identity', name: 'Me', email: 'me@example.com' }), {
      type: 'discovered',
      result: result(over),
    });

  it('a verified IMAP server: its settings, every user name form, no sending server', () => {
    const target = quotaTarget(discovered());
    if (target.kind !== 'ready') throw new Error(target.kind);
    expect(target.usernames).toEqual(['me@example.com', 'me']);
    const settings = target.settingsFor('me');
    expect(settings).toMatchObject({ mode: 'imap', incoming: { host: 'imap.example.com', port: 993, username: 'me' } });
    expect(settings.smtp).toBeUndefined();
    expect(settings.incoming.trustedFingerprint256).toBeUndefined();
  });

  it('never a server found through DNS or guessing (the password would go to an unconfirmed server)', () => {
    expect(quotaTarget(discovered({ imap: [server({ verified: false, source: 'srv' })] })).kind).toBe('not-verified');
  });

  it('nothing when there is no IMAP server or this build cannot add IMAP', () => {
    expect(quotaTarget(discovered({ imap: [] })).kind).toBe('none');
    expect(quotaTarget(discovered({ available: { imap: false, pop3: true } })).kind).toBe('none');
    expect(quotaTarget(initialWizardState).kind).toBe('none');
  });

  it('a certificate trusted for this IMAP server changes the check (and its key)', () => {
    const chosen = wizardReducer(discovered(), { type: 'mode', mode: 'imap' });
    const before = quotaTarget(chosen);
    const fp = Array.from({ length: 32 }, () => 'AB').join(':');
    const trusted = quotaTarget(wizardReducer(chosen, { type: 'trustCertificate', fingerprint: fp }));
    if (before.kind !== 'ready' || trusted.kind !== 'ready') throw new Error('not ready');
    expect(trusted.key).not.toBe(before.key);
    expect(trusted.settingsFor('me').incoming.trustedFingerprint256).toBe(fp);
    // Trust given to the sending server is not trust for the receiving one.
    const smtpTrust = quotaTarget(wizardReducer(chosen, { type: 'trustCertificate', fingerprint: fp, role: 'smtp' }));
    if (smtpTrust.kind !== 'ready') throw new Error('not ready');
    expect(smtpTrust.settingsFor('me').incoming.trustedFingerprint256).toBeUndefined();
  });
});
