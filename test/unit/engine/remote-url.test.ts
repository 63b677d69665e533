import { describe, expect, it } from 'vitest';

import { checkRemoteUrl } from '../../../electron/engine/remote/remote-url';

const error = (raw: string, allow = false) => {
  const r = checkRemoteUrl(raw, allow);
  return r.ok ? null : r.error;
};

describe('checkRemoteUrl', () => {
  it('passes http(s) URLs on public hosts, normalized', () => {
    const r = checkRemoteUrl(' https://Img.Example.org/a b.png?u=1 ');
    expect(r.ok && r.url.href).toBe('https://img.example.org/a%20b.png?u=1');
    expect(checkRemoteUrl('http://8.8.8.8/x.gif').ok).toBe(true);
    expect(checkRemoteUrl('http://[2001:4860:4860::8888]/x.gif').ok).toBe(true);
  });

  it('refuses other schemes, credentials and incomplete addresses with the reason', () => {
    for (const [url, reason] of [
      ['file:///etc/passwd', /not file: ones/],
      ['data:image/png;base64,AAAA', /not data: ones/],
      ['ftp://example.org/x.png', /not ftp: ones/],
      ['javascript:alert(1)', /not javascript: ones/],
      ['https://user:pw@example.org/x.png', /user name or password/],
      ['https://user@example.org/x.png', /user name or password/],
      ['//example.org/x.png', /not a complete/],
      ['', /not a complete/],
    ] as const) {
      expect(error(url), url).toMatch(reason);
    }
  });

  it('refuses IP literals on this computer or its network, whatever their spelling', () => {
    for (const [url, reason] of [
      ['http://127.0.0.1:8080/x.png', /127\.0\.0\.1 is this computer itself/],
      ['http://2130706433/x.png', /127\.0\.0\.1 is this computer itself/],
      ['http://0x7f.1/x.png', /127\.0\.0\.1 is this computer itself/],
      ['http://[::1]/x.png', /::1 is this computer itself/],
      ['http://[::ffff:127.0.0.1]/x.png', /this computer itself/],
      ['http://10.0.0.1/x.png', /private local network/],
      ['http://192.168.1.1/', /private local network/],
      ['http://169.254.169.254/latest/meta-data/', /local network link/],
      ['http://100.64.1.1/', /shared network/],
      ['http://0.0.0.0/', /no real address/],
      ['http://[fd00::1]/', /private local network/],
      ['http://[fe80::1]/', /local network link/],
      ['http://224.0.0.1/', /multicast/],
    ] as const) {
      expect(error(url), url).toMatch(reason);
      expect(error(url), url).toMatch(/a message may not make Homing reach it/);
    }
  });

  it('lets the guard be switched off for tests, but never the scheme or credential checks', () => {
    expect(error('http://127.0.0.1:8080/x.png', true)).toBeNull();
    expect(error('http://[::1]/x.png', true)).toBeNull();
    expect(error('file:///etc/passwd', true)).toMatch(/not file:/);
    expect(error('http://a:b@127.0.0.1/', true)).toMatch(/user name or password/);
  });

  it('leaves host names to the lookup guard (a name has no address until it is resolved)', () => {
    expect(checkRemoteUrl('http://localhost/x.png').ok).toBe(true);
  });
});
