import { describe, expect, it } from 'vitest';

import {
  renderDovecotAuthConfig,
  renderMainCf,
  renderMasterCf,
  renderRecipientAccess,
  renderVirtualMailboxes,
} from '../../mailserver/postfix-config';

const input = {
  dir: '/tmp/homing-postfix-abc',
  ports: { submission: 2587, smtps: 2465, plain: 2525 },
  lmtpPort: 2400,
  authPort: 2401,
  messageSizeLimit: 1234,
  domain: 'homing.test',
  mailboxes: ['alice@homing.test'],
  rejected: { 'nobody@homing.test': '5.7.1 no' },
  certPath: '/tmp/homing-postfix-abc/etc/cert.pem',
  keyPath: '/tmp/homing-postfix-abc/etc/key.pem',
};

describe('test Postfix config', () => {
  it('listens on loopback only and never relays beyond the test domain', () => {
    const main = renderMainCf(input);
    expect(main).toContain('inet_interfaces = 127.0.0.1');
    expect(main).toContain('virtual_transport = lmtp:inet:127.0.0.1:2400');
    expect(main).toContain('smtpd_relay_restrictions = reject_unauth_destination');
    expect(main).toMatch(/^default_transport = error:/m);
    expect(main).toContain('smtpd_sasl_path = inet:127.0.0.1:2401');
    expect(main).toContain('message_size_limit = 1234');
    expect(main).toContain('disable_mime_output_conversion = yes');
    for (const line of renderMasterCf(input)
      .split('\n')
      .filter((l) => /inet /.test(l)))
      expect(line).toMatch(/^127\.0\.0\.1:\d+ inet/);
  });
  it('requires STARTTLS on submission and wraps smtps in TLS', () => {
    const master = renderMasterCf(input);
    expect(master).toMatch(/^127\.0\.0\.1:2587 .*smtpd_tls_security_level=encrypt .*smtpd_tls_auth_only=yes/m);
    expect(master).toMatch(/^127\.0\.0\.1:2465 .*smtpd_tls_wrappermode=yes/m);
  });
  it('writes lookup tables and refuses odd paths and addresses', () => {
    expect(renderVirtualMailboxes(input)).toBe('alice@homing.test alice@homing.test\n');
    expect(renderRecipientAccess(input)).toBe('nobody@homing.test REJECT 5.7.1 no\n');
    expect(() => renderMainCf({ ...input, dir: '/tmp/with space' })).toThrow();
    expect(() => renderVirtualMailboxes({ mailboxes: ['bad address'] })).toThrow();
    expect(() => renderRecipientAccess({ rejected: { 'a@b': 'x\ny' } })).toThrow();
  });
  it('gives the auth-only Dovecot a loopback listener and the main passwd file', () => {
    const conf = renderDovecotAuthConfig({
      dir: '/tmp/a',
      port: 9,
      passwdPath: '/tmp/d/passwd',
      internalUser: 'root',
      internalGroup: 'root',
    });
    expect(conf).toContain('protocols = none');
    expect(conf).toMatch(/inet_listener auth-postfix \{\n {4}address = 127.0.0.1\n {4}port = 9/);
    expect(conf).toContain('scheme=PLAIN username_format=%u /tmp/d/passwd');
  });
});
