import { describe, expect, it } from 'vitest';

import { parseStatusLine } from '../../../electron/engine/pop3/status-line';

describe('parseStatusLine', () => {
  it.each([
    ['+OK', { kind: 'ok', text: '' }],
    ['+OK ', { kind: 'ok', text: '' }],
    ['+OK 2 320', { kind: 'ok', text: '2 320' }],
    ['+ok lower case', { kind: 'ok', text: 'lower case' }],
    ['-ERR', { kind: 'err', text: '' }],
    ['-ERR no such message', { kind: 'err', text: 'no such message' }],
    ['-ERR [IN-USE] mailbox locked', { kind: 'err', code: 'IN-USE', text: 'mailbox locked' }],
    ['-ERR [SYS/TEMP] later', { kind: 'err', code: 'SYS/TEMP', text: 'later' }],
    ['-ERR [auth] lower-case code', { kind: 'err', code: 'AUTH', text: 'lower-case code' }],
    ['-ERR [LOGIN-DELAY]', { kind: 'err', code: 'LOGIN-DELAY', text: '' }],
    ['-ERR [not a code!] text', { kind: 'err', text: '[not a code!] text' }],
    ['+OK [XSENDER] x', { kind: 'ok', code: 'XSENDER', text: 'x' }],
    ['+ ', { kind: 'continue', text: '' }],
    ['+', { kind: 'continue', text: '' }],
    ['+ Y2hhbGxlbmdl', { kind: 'continue', text: 'Y2hhbGxlbmdl' }],
    ['+OK caf\xe9', { kind: 'ok', text: 'caf\xe9' }],
  ])('%j', (line, expected) => {
    expect(parseStatusLine(line)).toEqual(expected);
  });

  it.each(['', 'OK', '+OKAY', '-ERROR', '* OK IMAP', '220 smtp ready', '+\tx'])('refuses %j', (line) => {
    expect(() => parseStatusLine(line)).toThrow(expect.objectContaining({ code: 'protocol_error' }) as Error);
  });
});
