import { describe, expect, it } from 'vitest';

import { renderDovecotConfig, renderPasswdFile } from '../../mailserver/dovecot-config';

const ports = { imap: 40001, imaps: 40002, pop3: 40003, pop3s: 40004, lmtp: 40005 };

describe('renderDovecotConfig', () => {
  it('puts every listener on its own port and keeps all state inside the dir', () => {
    const conf = renderDovecotConfig({
      dir: '/tmp/x',
      instanceName: 'x',
      ports,
      accounts: { internalUser: 'root', internalGroup: 'root', loginUser: 'dovenull', mailUid: 65534, mailGid: 65534 },
    });
    for (const port of Object.values(ports)) expect(conf).toContain(`port = ${port}\n`);
    expect(conf).toMatch(/^base_dir = \/tmp\/x\/run$/m);
    expect(conf).toMatch(/^listen = 127\.0\.0\.1$/m);
    expect(conf).toMatch(/^mail_uid = 65534$/m);
    expect(conf).toMatch(/^pop3_uidl_format = %08Xu%08Xv$/m);
  });

  it('leaves mail_uid unset when not running as root', () => {
    const conf = renderDovecotConfig({
      dir: '/tmp/x',
      instanceName: 'x',
      ports,
      accounts: { internalUser: 'me', internalGroup: 'staff', loginUser: 'me' },
    });
    expect(conf).not.toMatch(/^mail_uid/m);
    expect(conf).toMatch(/^default_login_user = me$/m);
  });

  it('refuses a dir Dovecot would misparse', () => {
    const accounts = { internalUser: 'me', internalGroup: 'staff', loginUser: 'me' };
    expect(() => renderDovecotConfig({ dir: '/tmp/a b', instanceName: 'x', ports, accounts })).toThrow();
    expect(() => renderDovecotConfig({ dir: '/tmp/a#b', instanceName: 'x', ports, accounts })).toThrow();
  });
});

describe('renderPasswdFile', () => {
  it('writes one PLAIN entry per user', () => {
    expect(renderPasswdFile([{ user: 'alice@homing.test', password: 'p w' }])).toBe('alice@homing.test:{PLAIN}p w::::::\n');
  });

  it('rejects names and passwords that would corrupt the colon-separated file', () => {
    expect(() => renderPasswdFile([{ user: 'a:b', password: 'x' }])).toThrow();
    expect(() => renderPasswdFile([{ user: 'a', password: 'x:y' }])).toThrow();
    expect(() => renderPasswdFile([{ user: 'a', password: 'x\ny' }])).toThrow();
  });
});
