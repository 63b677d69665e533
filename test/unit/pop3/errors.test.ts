import { describe, expect, it } from 'vitest';

import { authError, commandError, printable, redact, socketError } from '../../../electron/engine/pop3/errors';
import type { StatusLine } from '../../../electron/engine/pop3/status-line';

const err = (code: string | undefined, text = 'server says no'): StatusLine => (code ? { kind: 'err', code, text } : { kind: 'err', text });

describe('authError', () => {
  it.each([
    [undefined, 'auth_failed'],
    ['AUTH', 'auth_failed'],
    ['IN-USE', 'auth_in_use'],
    ['LOGIN-DELAY', 'login_delay'],
    ['SYS/TEMP', 'server_temporary'],
    ['SYS/TEMP/QUOTA', 'server_temporary'],
    ['SYS/PERM', 'server_refused'],
    ['XUNKNOWN', 'auth_failed'],
  ])('[%s] → %s', (code, expected) => {
    expect(authError(err(code), []).code).toBe(expected);
  });

  it('removes the password if the server echoes it', () => {
    const e = authError(err('AUTH', 'bad password hunter2 for bob'), ['hunter2']);
    expect(e.message).not.toContain('hunter2');
    expect(e.message).toContain('***');
  });
});

describe('commandError', () => {
  it('tells temporary failures apart', () => {
    expect(commandError('RETR 1', err('SYS/TEMP')).code).toBe('server_temporary');
    expect(commandError('RETR 1', err(undefined)).code).toBe('server_refused');
  });
});

describe('socketError', () => {
  it.each([
    ['ENOTFOUND', 'ready', 'host_not_found'],
    ['EAI_AGAIN', 'connecting', 'host_not_found'],
    ['ECONNREFUSED', 'connecting', 'connection_refused'],
    ['ECONNRESET', 'ready', 'connection_lost'],
    ['EPIPE', 'ready', 'connection_lost'],
    ['ECONNRESET', 'handshake', 'tls_failed'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'handshake', 'tls_failed'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'handshake', 'untrusted_certificate'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'handshake', 'untrusted_certificate'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'handshake', 'untrusted_certificate'],
    ['CERT_HAS_EXPIRED', 'handshake', 'untrusted_certificate'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'handshake', 'untrusted_certificate'],
    ['ETIMEDOUT', 'connecting', 'timeout'],
  ] as const)('%s while %s → %s', (code, phase, expected) => {
    const e = Object.assign(new Error(`failed ${code}`), { code });
    expect(socketError(e, phase, 'mail.example:995').code).toBe(expected);
  });
});

describe('printable and redact', () => {
  it('neutralises control characters and caps the length', () => {
    expect(printable('a\r\nb\x1b[31m')).toBe('a??b?[31m');
    expect(printable('x'.repeat(300))).toHaveLength(201);
  });
  it('redacts every occurrence and ignores empty secrets', () => {
    expect(redact('pw pw', ['pw', ''])).toBe('*** ***');
  });
});
