import { describe, expect, it } from 'vitest';

import { classifyGreeting, imapCapsFrom } from '../../../electron/engine/accounts/probe/dialogues';

describe('probe greetings and capabilities', () => {
  it('tells the three protocols and a refusal apart by the first line', () => {
    expect(classifyGreeting('* OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready.')).toBe('imap');
    expect(classifyGreeting('* PREAUTH welcome')).toBe('imap');
    expect(classifyGreeting('+OK Dovecot ready.')).toBe('pop3');
    expect(classifyGreeting('220 mail.example.com ESMTP')).toBe('smtp');
    expect(classifyGreeting('220-mail.example.com ESMTP')).toBe('smtp');
    expect(classifyGreeting('* BYE too many connections')).toBe('refused');
    expect(classifyGreeting('554 go away')).toBe('refused');
    expect(classifyGreeting('HTTP/1.1 400 Bad Request')).toBe('unknown');
  });

  it('reads STARTTLS, AUTH= mechanisms and LOGINDISABLED from IMAP capabilities', () => {
    expect(imapCapsFrom(['IMAP4rev1', 'starttls', 'AUTH=PLAIN', 'AUTH=XOAUTH2', 'LOGINDISABLED'])).toEqual({
      starttls: true,
      authMechanisms: ['PLAIN', 'XOAUTH2'],
      loginDisabled: true,
    });
  });
});
