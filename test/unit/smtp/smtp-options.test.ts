import { describe, expect, it } from 'vitest';

import type { ServerSettings } from '../../../electron/contract';
import { buildSmtpOptions, EHLO_NAME } from '../../../electron/engine/smtp/smtp-options';

const base: ServerSettings = { host: 'smtp.x.org', port: 587, security: 'starttls', username: 'u', allowCleartextPassword: false };

describe('buildSmtpOptions', () => {
  it('requires STARTTLS for starttls (no silent plain-text fallback)', () => {
    const o = buildSmtpOptions(base);
    expect(o).toMatchObject({ secure: false, requireTLS: true, ignoreTLS: false, name: EHLO_NAME });
    expect(o.tls).toMatchObject({ rejectUnauthorized: true, minVersion: 'TLSv1.2' });
  });
  it('uses implicit TLS for tls', () => {
    expect(buildSmtpOptions({ ...base, port: 465, security: 'tls' })).toMatchObject({ secure: true, requireTLS: false });
  });
  it('refuses plain text without the user’s recorded consent', () => {
    expect(() => buildSmtpOptions({ ...base, security: 'none' })).toThrow(/without encryption/);
    expect(buildSmtpOptions({ ...base, security: 'none', allowCleartextPassword: true })).toMatchObject({ secure: false, ignoreTLS: true });
  });
  it('records instead of enforces Node’s verdict only when a certificate is pinned', () => {
    expect(buildSmtpOptions({ ...base, trustedFingerprint256: `${'AB:'.repeat(31)}AB` }).tls).toMatchObject({ rejectUnauthorized: false });
  });
  it('never uses the machine’s host name in EHLO and never logs', () => {
    const o = buildSmtpOptions(base, { tlsCa: 'PEM' });
    expect(o.name).toBe('[127.0.0.1]');
    expect(o.logger).toBe(false);
    expect(o.tls?.ca).toEqual(['PEM']);
  });
});
