import { describe, expect, it } from 'vitest';

import { apopTimestamp, chooseMechanism } from '../../../electron/engine/pop3/auth';
import { parseCapabilities } from '../../../electron/engine/pop3/capabilities';

const caps = (text: string) => parseCapabilities(Buffer.from(text.split(' ').join('\r\n').replace(/_/g, ' ')));

describe('apopTimestamp', () => {
  it('finds the msg-id in a greeting (RFC 1939 §7 example)', () => {
    expect(apopTimestamp('POP3 server ready <1896.697170952@dbc.mtview.ca.us>')).toBe('<1896.697170952@dbc.mtview.ca.us>');
  });
  it.each(['Dovecot ready.', '<no-at-sign>', '<a@b c>', '<a\tb@c>', '<a@b\xe9>'])('finds none in %j', (greeting) => {
    expect(apopTimestamp(greeting)).toBeUndefined();
  });
});

describe('chooseMechanism', () => {
  const stamp = '<1.2@host>';
  it.each([
    ['plain offered', caps('USER SASL_PLAIN'), stamp, 'plain'],
    ['plain among others', caps('SASL_LOGIN_plain'), undefined, 'plain'],
    ['only USER', caps('USER'), stamp, 'user'],
    ['no CAPA at all', null, stamp, 'user'],
    ['CAPA without USER or PLAIN, with a timestamp', caps('TOP UIDL'), stamp, 'apop'],
    ['CAPA without USER or PLAIN, no timestamp', caps('TOP UIDL'), undefined, 'user'],
    ['SASL without PLAIN', caps('USER SASL_CRAM-MD5'), stamp, 'user'],
  ] as const)('auto with %s', (_name, c, timestamp, expected) => {
    expect(chooseMechanism('auto', c, timestamp)).toBe(expected);
  });

  it('keeps an explicit choice', () => {
    expect(chooseMechanism('apop', caps('USER SASL_PLAIN'), undefined)).toBe('apop');
    expect(chooseMechanism('user', caps('SASL_PLAIN'), undefined)).toBe('user');
  });
});
