import { describe, expect, it } from 'vitest';

import { HomingError } from '../../../electron/contract';
import {
  classifySmtpFailure,
  enhancedCode,
  formatSize,
  isRelayDenied,
  isTooLarge,
  serverReply,
  type SmtpPhase,
} from '../../../electron/engine/smtp/smtp-errors';

const H = 'smtp.example.org';
const phases: SmtpPhase[] = ['connect', 'auth', 'envelope', 'data', 'after-data'];

const rcptError = (list: [string, string][], code = 'EENVELOPE') => ({
  code,
  command: 'RCPT TO',
  response: list[0]![1],
  responseCode: Number(list[0]![1].slice(0, 3)),
  rejectedErrors: list.map(([recipient, response]) => ({ recipient, response, responseCode: Number(response.slice(0, 3)) })),
});

describe('classifySmtpFailure', () => {
  it('names the refused recipient and the server’s reason', () => {
    const o = classifySmtpFailure(rcptError([['nobody@x.org', '550 5.1.1 <nobody@x.org>: User unknown']]), 'envelope', H);
    expect(o.kind).toBe('refused');
    if (o.kind !== 'refused') return;
    expect(o.permanent).toBe(true);
    expect(o.error.code).toBe('server_refused');
    expect(o.error.detail).toMatchObject({
      reason: 'recipient_refused',
      recipient: 'nobody@x.org',
      reply: '550 5.1.1 <nobody@x.org>: User unknown',
    });
    expect(o.error.message).toBe(
      `${H} refused the recipient nobody@x.org: 550 5.1.1 <nobody@x.org>: User unknown. Nothing was sent; correct the address and send again.`,
    );
  });

  it('lists every refused recipient', () => {
    const o = classifySmtpFailure(
      rcptError([
        ['a@x', '550 no'],
        ['b@x', '553 bad'],
      ]),
      'envelope',
      H,
    );
    expect(o.kind === 'refused' && o.error.detail?.recipients).toBe('a@x, b@x');
    expect(o.kind === 'refused' && o.error.message).toMatch(/refused 2 recipients: a@x \(550 no\); b@x \(553 bad\)/);
  });

  it('treats a deferred recipient (4xx) as temporary', () => {
    const o = classifySmtpFailure(rcptError([['a@x', '450 4.2.0 try later']]), 'envelope', H);
    expect(o).toMatchObject({ kind: 'refused', permanent: false });
    expect(o.kind === 'refused' && o.error.code).toBe('server_temporary');
  });

  it('recognises relay denied', () => {
    const o = classifySmtpFailure(rcptError([['x@example.com', '554 5.7.1 <x@example.com>: Relay access denied']]), 'envelope', H);
    expect(o.kind === 'refused' && o.error.detail?.reason).toBe('relay_denied');
    expect(o.kind === 'refused' && o.error.message).toMatch(/relay denied/);
  });

  it('maps a refused sign-in to auth_failed that waits for the user, and a 454 to a retry', () => {
    expect(classifySmtpFailure({ code: 'EAUTH', response: '535 5.7.8 authentication failed', responseCode: 535 }, 'auth', H)).toMatchObject(
      {
        kind: 'needs-user',
        error: { code: 'auth_failed' },
      },
    );
    expect(classifySmtpFailure({ code: 'EAUTH', response: '454 4.7.0 temporary', responseCode: 454 }, 'auth', H)).toMatchObject({
      kind: 'refused',
      permanent: false,
    });
  });

  it('recognises "too large" after DATA', () => {
    const o = classifySmtpFailure(
      { code: 'EMESSAGE', command: 'DATA', response: '552 5.3.4 Error: message file too big', responseCode: 552 },
      'after-data',
      H,
    );
    expect(o).toMatchObject({ kind: 'refused', permanent: true });
    expect(o.kind === 'refused' && o.error.detail?.reason).toBe('too_large');
  });

  it('a refused sender', () => {
    const o = classifySmtpFailure(
      { code: 'EENVELOPE', command: 'MAIL FROM', response: '553 5.7.1 Sender address rejected: not owned by user', responseCode: 553 },
      'envelope',
      H,
    );
    expect(o.kind === 'refused' && o.error.detail?.reason).toBe('sender_refused');
  });

  it('a server answer after the dot is a refusal, never "unknown"', () => {
    expect(
      classifySmtpFailure({ code: 'EMESSAGE', command: 'DATA', response: '451 4.3.0 queue trouble', responseCode: 451 }, 'after-data', H),
    ).toMatchObject({
      kind: 'refused',
      permanent: false,
    });
  });

  it('network failures: not sent before the final dot, unknown after it', () => {
    for (const phase of phases) {
      for (const code of ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNECTION']) {
        const o = classifySmtpFailure({ code: 'ESOCKET', originalCode: code }, phase, H);
        expect(o.kind).toBe(phase === 'after-data' ? 'unknown' : 'not-sent');
      }
    }
  });

  it('plain words for connecting', () => {
    expect(classifySmtpFailure({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }, 'connect', H)).toMatchObject({
      kind: 'not-sent',
      error: { code: 'connection_refused' },
    });
    expect(classifySmtpFailure({ code: 'EDNS', originalCode: 'ENOTFOUND' }, 'connect', H)).toMatchObject({
      error: { code: 'host_not_found' },
    });
    expect(classifySmtpFailure({ code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'connect', H)).toMatchObject({
      kind: 'needs-user',
      error: { code: 'untrusted_certificate' },
    });
    expect(classifySmtpFailure({ code: 'ETLS' }, 'connect', H)).toMatchObject({ kind: 'needs-user', error: { code: 'tls_failed' } });
  });

  it('a refused or missing STARTTLS waits for the user and never becomes a server refusal', () => {
    const o = classifySmtpFailure(
      { code: 'ETLS', command: 'STARTTLS', response: '502 5.5.1 Error: command not implemented', responseCode: 502 },
      'connect',
      H,
    );
    expect(o).toMatchObject({ kind: 'needs-user', error: { code: 'tls_failed' } });
    expect(o.kind === 'needs-user' && o.error.message).toMatch(/does not send mail or passwords unencrypted/);
  });

  it('passes our own errors through, by kind', () => {
    expect(classifySmtpFailure(new HomingError('untrusted_certificate', 'x'), 'connect', H).kind).toBe('needs-user');
    expect(classifySmtpFailure(new HomingError('connection_lost', 'x'), 'data', H).kind).toBe('not-sent');
    expect(classifySmtpFailure(new HomingError('connection_lost', 'x'), 'after-data', H).kind).toBe('unknown');
  });

  it('never crashes on junk', () => {
    for (const junk of [null, undefined, 42, 'text', {}, { code: 7, response: {} }]) {
      for (const phase of phases) {
        const o = classifySmtpFailure(junk, phase, H);
        expect(o.kind !== 'accepted' && o.error).toBeInstanceOf(HomingError);
      }
    }
  });
});

describe('reply helpers', () => {
  it('reads enhanced codes, relay and size refusals', () => {
    expect(enhancedCode('550 5.1.1 unknown')).toBe('5.1.1');
    expect(enhancedCode('550 unknown')).toBeNull();
    expect(isRelayDenied('554 5.7.1 <a@b>: Relay access denied')).toBe(true);
    expect(isRelayDenied('550 5.7.1 we do not relay for this domain')).toBe(true);
    expect(isRelayDenied('550 5.1.1 User unknown')).toBe(false);
    expect(isTooLarge(552, '552 anything')).toBe(true);
    expect(isTooLarge(554, '554 5.3.4 Message too big for system')).toBe(true);
    expect(isTooLarge(550, '550 5.1.1 User unknown')).toBe(false);
  });
  it('keeps server text to one bounded line', () => {
    expect(serverReply('550-first\r\n550 second\x00\x07')).toBe('550-first 550 second');
    expect(serverReply('x'.repeat(1000))).toHaveLength(300);
  });
  it('formats sizes', () => {
    expect([0, 1023, 1024, 10_240, 200_000, 10 * 1024 * 1024].map(formatSize)).toEqual([
      '0 bytes',
      '1023 bytes',
      '1.0 KB',
      '10 KB',
      '195 KB',
      '10.0 MB',
    ]);
  });
});
