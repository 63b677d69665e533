import { describe, expect, it } from 'vitest';

import { dotStuff } from '../../mailserver/lmtp-client';

const stuff = (s: string): string => dotStuff(Buffer.from(s, 'latin1')).toString('latin1');

describe('dotStuff', () => {
  it('doubles a dot that starts a line, including the first line and a lone "."', () => {
    expect(stuff('.a\r\nb\r\n.\r\n..\r\n')).toBe('..a\r\nb\r\n..\r\n...\r\n');
  });

  it('leaves dots elsewhere and non-ASCII bytes alone', () => {
    expect(stuff('a.b\r\n caf\xe9.\r\n')).toBe('a.b\r\n caf\xe9.\r\n');
  });
});
