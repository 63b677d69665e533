import { describe, expect, it } from 'vitest';

import {
  initialWizardState,
  needsServerStep,
  offerFor,
  settingsFrom,
  stepsFor,
  usernameForms,
  type WizardAction,
  wizardReducer,
  type WizardState,
} from '../../../../renderer/features/setup/wizard-state';
import { result, server } from './fixtures';

const run = (...actions: WizardAction[]): WizardState => actions.reduce(wizardReducer, initialWizardState);
const start: WizardAction[] = [
  { type: 'identity', name: 'Me', email: ' me@example.com ' },
  { type: 'discoveryStarted', discoveryId: 'd1' },
];

describe("the setup wizard's steps", () => {
  it('goes address → search → choice, and ignores progress of another search', () => {
    const s = run(
      ...start,
      { type: 'progress', report: { discoveryId: 'old', source: 'ispdb', state: 'found' } },
      { type: 'progress', report: { discoveryId: 'd1', source: 'srv', state: 'searching' } },
    );
    expect(s.email).toBe('me@example.com');
    expect(s.step).toBe('discovering');
    expect(Object.keys(s.progress)).toEqual(['srv']);
    expect(run(...start, { type: 'discovered', result: result() }).step).toBe('choose');
  });

  it('recommends from the one question: other devices → server (IMAP), only here → download (POP3), unsure → server', () => {
    const found = [...start, { type: 'discovered', result: result() } as const];
    expect(run(...found, { type: 'devices', answer: 'yes' }).mode).toBe('imap');
    expect(run(...found, { type: 'devices', answer: 'no' }).mode).toBe('pop3');
    expect(run(...found, { type: 'devices', answer: 'unsure' }).mode).toBe('imap');
  });

  it('never recommends into a mode this build lacks or the provider does not offer', () => {
    const s = run(
      ...start,
      { type: 'discovered', result: result({ available: { imap: false, pop3: true } }) },
      { type: 'devices', answer: 'yes' },
    );
    // Only POP3 possible: chosen on arrival; the "yes" answer does not switch to the unavailable IMAP.
    expect(s.mode).toBe('pop3');
    expect(offerFor(s.discovery, 'imap')).toBe('unavailable');
  });

  it('says a provider does not offer POP3 when its published settings list IMAP only', () => {
    const icloud = result({ pop3: [], provider: { id: 'icloud.com', name: 'iCloud Mail', needsAppPassword: true, oauthOnly: false } });
    expect(offerFor(icloud, 'pop3')).toBe('not-offered');
    const bySrv = result({ pop3: [], imap: [server({ source: 'srv', verified: false })], provider: null });
    expect(offerFor(bySrv, 'pop3')).toBe('not-found');
    expect(offerFor(null, 'pop3')).toBe('not-found');
  });

  it('skips the server form for verified settings and shows it for unverified or typed ones', () => {
    const verified = run(...start, { type: 'discovered', result: result() }, { type: 'mode', mode: 'imap' });
    expect(needsServerStep(verified)).toBe(false);
    expect(stepsFor(verified)).toEqual(['identity', 'discovering', 'choose', 'signin']);
    expect(run(...start, { type: 'discovered', result: result() }, { type: 'mode', mode: 'pop3' }, { type: 'next' }).step).toBe('policy');

    const unverified = run(
      ...start,
      { type: 'discovered', result: result({ imap: [server({ verified: false, source: 'guess' })] }) },
      { type: 'mode', mode: 'imap' },
    );
    expect(stepsFor(unverified)).toContain('servers');
    const atServers = wizardReducer(unverified, { type: 'next' });
    expect(atServers.step).toBe('servers');
    // Blocked until confirmed.
    expect(wizardReducer(atServers, { type: 'next' }).step).toBe('servers');
    expect(wizardReducer(wizardReducer(atServers, { type: 'confirm', confirmed: true }), { type: 'next' }).step).toBe('signin');
  });

  it('after "stop", goes on by hand and still keeps what the search found so far', () => {
    const stopped = run(...start, { type: 'byHand' });
    expect(stopped.step).toBe('choose');
    const late = wizardReducer(stopped, { type: 'discovered', result: result({ stopped: true }) });
    expect(late.step).toBe('choose');
    expect(late.discovery?.stopped).toBe(true);
    expect(needsServerStep(wizardReducer(late, { type: 'mode', mode: 'imap' }))).toBe(true);
  });

  it('forgets a trusted certificate and cleartext consent when the server changes', () => {
    let s = run(...start, { type: 'discovered', result: result() }, { type: 'mode', mode: 'pop3' });
    s = wizardReducer(s, { type: 'trustCertificate', fingerprint: 'AB' });
    s = wizardReducer(s, { type: 'allowCleartext', allowed: true });
    const renamed = wizardReducer(s, { type: 'editServer', role: 'incoming', patch: { username: 'other' } });
    expect(renamed.trustedFingerprint).toBe('AB');
    const moved = wizardReducer(s, { type: 'editServer', role: 'incoming', patch: { host: 'mail.example.com' } });
    expect(moved).toMatchObject({ trustedFingerprint: null, allowCleartext: false, incomingFound: null });
  });

  it('trusts and allows each server on its own: the sending server’s certificate and consent go to SMTP only', () => {
    let s = run(...start, { type: 'discovered', result: result() }, { type: 'mode', mode: 'imap' });
    s = wizardReducer(s, { type: 'trustCertificate', fingerprint: 'EF', role: 'smtp' });
    s = wizardReducer(s, { type: 'allowCleartext', allowed: true, role: 'smtp' });
    expect(s).toMatchObject({ trustedFingerprint: null, allowCleartext: false, smtpTrustedFingerprint: 'EF', smtpAllowCleartext: true });
    expect(settingsFrom(s)?.smtp).toMatchObject({ trustedFingerprint256: 'EF', allowCleartextPassword: true });
    expect(settingsFrom(s)?.incoming).toMatchObject({ allowCleartextPassword: false });
    expect(settingsFrom(s)?.incoming.trustedFingerprint256).toBeUndefined();
    // A changed sending server starts over; the receiving server's decisions stay.
    s = wizardReducer(s, { type: 'trustCertificate', fingerprint: 'AB' });
    const moved = wizardReducer(s, { type: 'editServer', role: 'smtp', patch: { port: 2525 } });
    expect(moved).toMatchObject({ trustedFingerprint: 'AB', smtpTrustedFingerprint: null, smtpAllowCleartext: false });
    expect(wizardReducer(s, { type: 'editServer', role: 'smtp', patch: { username: 'x' } }).smtpTrustedFingerprint).toBe('EF');
  });

  it('goes back over the steps, skipping the search', () => {
    let s = run(...start, { type: 'discovered', result: result() }, { type: 'mode', mode: 'pop3' }, { type: 'next' }, { type: 'next' });
    expect(s.step).toBe('signin');
    s = wizardReducer(s, { type: 'back' });
    expect(s.step).toBe('policy');
    s = wizardReducer(wizardReducer(s, { type: 'back' }), { type: 'back' });
    expect(s.step).toBe('identity');
  });
});

describe('the settings the wizard tests and saves', () => {
  it('builds POP3 settings with the chosen policy, the found servers and the sending server', () => {
    const s = run(
      ...start,
      { type: 'discovered', result: result() },
      { type: 'mode', mode: 'pop3' },
      { type: 'policy', policy: { kind: 'keep-days', days: 30 } },
      { type: 'trustCertificate', fingerprint: 'AB:CD' },
    );
    expect(settingsFrom(s)).toEqual({
      name: 'Me',
      email: 'me@example.com',
      mode: 'pop3',
      incoming: {
        host: 'pop.example.com',
        port: 995,
        security: 'tls',
        username: 'me@example.com',
        allowCleartextPassword: false,
        trustedFingerprint256: 'AB:CD',
      },
      smtp: { host: 'smtp.example.com', port: 465, security: 'tls', username: 'me@example.com', allowCleartextPassword: false },
      pop3: { policy: { kind: 'keep-days', days: 30 }, headersOnlyAboveKb: null, checkIntervalMinutes: 10 },
    });
    expect(settingsFrom(s, 'me')?.incoming.username).toBe('me');
  });

  it('fills in the usual port when none is typed, and leaves out an empty sending server', () => {
    const s = run(
      { type: 'identity', name: '', email: 'me@example.com' },
      { type: 'byHand' },
      { type: 'mode', mode: 'imap' },
      { type: 'editServer', role: 'incoming', patch: { host: 'imap.example.com', security: 'starttls' } },
    );
    const settings = settingsFrom(s)!;
    expect(settings.incoming).toMatchObject({ port: 143, security: 'starttls', username: 'me@example.com' });
    expect(settings.name).toBe('me@example.com');
    expect(settings.smtp).toBeUndefined();
  });

  it('tries the found user name forms in order, but a typed name only as typed', () => {
    const s = run(...start, { type: 'discovered', result: result() }, { type: 'mode', mode: 'imap' });
    expect(usernameForms(s)).toEqual(['me@example.com', 'me']);
    expect(usernameForms(wizardReducer(s, { type: 'editServer', role: 'incoming', patch: { username: 'custom' } }))).toEqual(['custom']);
  });
});
