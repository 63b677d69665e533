import { describe, expect, it } from 'vitest';

import { HomingError } from '../../../electron/contract';
import { certificateDetail, toHomingError } from '../../../electron/engine/imap/errors';

const err = (props: Record<string, unknown>, message = 'boom'): Error => Object.assign(new Error(message), props);

describe('toHomingError', () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ authenticationFailed: true, serverResponseCode: 'AUTHENTICATIONFAILED' }, 'auth_failed'],
    [{ code: 'ENOTFOUND' }, 'host_not_found'],
    [{ code: 'EAI_AGAIN' }, 'host_not_found'],
    [{ code: 'ECONNREFUSED' }, 'connection_refused'],
    [{ code: 'ETIMEDOUT' }, 'timeout'],
    [{ code: 'CONNECT_TIMEOUT' }, 'timeout'],
    [{ code: 'GREETING_TIMEOUT' }, 'timeout'],
    [{ code: 'ETIMEOUT' }, 'timeout'],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'untrusted_certificate'],
    [{ code: 'SELF_SIGNED_CERT_IN_CHAIN' }, 'untrusted_certificate'],
    [{ code: 'CERT_HAS_EXPIRED' }, 'untrusted_certificate'],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'untrusted_certificate'],
    [{ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, 'untrusted_certificate'],
    [{ tlsFailed: true }, 'tls_failed'],
    [{ code: 'ERR_SSL_WRONG_VERSION_NUMBER' }, 'tls_failed'],
    [{ code: 'STARTTLS_INJECTION', tlsFailed: true }, 'tls_failed'],
    [{ code: 'ECONNRESET' }, 'connection_lost'],
    [{ code: 'NoConnection' }, 'connection_lost'],
    [{ code: 'LineTooLarge' }, 'protocol_error'],
    [{ code: 'LiteralTooLarge' }, 'protocol_error'],
    [{ code: 'ParserError7' }, 'protocol_error'],
    [{ mailboxMissing: true, responseStatus: 'NO' }, 'not_found'],
    [{ responseStatus: 'NO', responseText: 'nope' }, 'server_refused'],
    [{}, 'connection_lost'],
  ];
  it.each(cases)('maps %o to %s', (props, code) => {
    expect(toHomingError(err(props), 'imap.example.com').code).toBe(code);
  });

  it('passes HomingErrors through untouched', () => {
    const e = new HomingError('server_refused', 'x');
    expect(toHomingError(e, 'h')).toBe(e);
  });

  it('never copies server or error text (which may echo the user name) into the message', () => {
    const e = toHomingError(err({ authenticationFailed: true }, 'LOGIN failed for alice@example.com password hunter2'), 'h');
    expect(e.message).not.toContain('alice');
    expect(e.message).not.toContain('hunter2');
  });

  it('handles non-Error throws', () => {
    expect(toHomingError('weird', 'h').code).toBe('connection_lost');
    expect(toHomingError(null, 'h').code).toBe('connection_lost');
  });
});

describe('certificateDetail', () => {
  it('lists what the user needs to decide, as strings', () => {
    const d = certificateDetail({
      subject: { CN: 'localhost', O: 'Test' },
      issuer: { CN: 'localhost' },
      valid_from: 'Jan  1 00:00:00 2026 GMT',
      valid_to: 'Jan  1 00:00:00 2036 GMT',
      fingerprint256: 'AB:CD',
    } as never);
    expect(d).toEqual({
      subject: 'CN=localhost, O=Test',
      issuer: 'CN=localhost',
      validFrom: 'Jan  1 00:00:00 2026 GMT',
      validTo: 'Jan  1 00:00:00 2036 GMT',
      fingerprint256: 'AB:CD',
    });
  });
});
