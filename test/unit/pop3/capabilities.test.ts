import { describe, expect, it } from 'vitest';

import { parseCapabilities } from '../../../electron/engine/pop3/capabilities';

describe('parseCapabilities', () => {
  it('reads a Dovecot-style CAPA answer', () => {
    const caps = parseCapabilities(
      Buffer.from('CAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\nSTLS\r\nUSER\r\nSASL PLAIN login\r\n'),
    );
    expect(caps).toMatchObject({
      stls: true,
      pipelining: true,
      user: true,
      top: true,
      uidl: true,
      respCodes: true,
      authRespCode: true,
      sasl: ['PLAIN', 'LOGIN'],
    });
    expect(caps.all.get('SASL')).toEqual(['PLAIN', 'login']);
  });

  it('is case-insensitive about names and skips empty lines', () => {
    const caps = parseCapabilities(Buffer.from('\r\npipelining\r\nexpire 30 USER\r\n'));
    expect(caps.pipelining).toBe(true);
    expect(caps.stls).toBe(false);
    expect(caps.all.get('EXPIRE')).toEqual(['30', 'USER']);
  });

  it('has no SASL mechanisms when none are listed', () => {
    expect(parseCapabilities(Buffer.alloc(0))).toMatchObject({ sasl: [], user: false, pipelining: false });
  });

  it('refuses a capability name with control bytes', () => {
    expect(() => parseCapabilities(Buffer.from('TO\x01P\r\n', 'latin1'))).toThrow(
      expect.objectContaining({ code: 'protocol_error' }) as Error,
    );
  });
});
