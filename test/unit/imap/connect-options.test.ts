import { describe, expect, it } from 'vitest';

import type { ServerSettings } from '../../../electron/contract';
import { buildImapFlowOptions, pinCheck, sizeGuards } from '../../../electron/engine/imap/connect';

const base: ServerSettings = { host: 'imap.example.com', port: 993, security: 'tls', username: 'alice', allowCleartextPassword: false };
const pin = 'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99';

describe('buildImapFlowOptions', () => {
  it('implicit TLS validates certificates', () => {
    const o = buildImapFlowOptions(base, 'pw', 'main');
    expect(o.secure).toBe(true);
    expect(o.doSTARTTLS).toBeUndefined();
    expect(o.tls).toMatchObject({ rejectUnauthorized: true, minVersion: 'TLSv1.2' });
    expect(o.transport).toBeUndefined();
    expect(o.auth).toEqual({ user: 'alice', pass: 'pw' });
  });

  it('STARTTLS is required, never opportunistic', () => {
    const o = buildImapFlowOptions({ ...base, port: 143, security: 'starttls' }, 'pw', 'main');
    expect(o.secure).toBe(false);
    expect(o.doSTARTTLS).toBe(true);
    expect(o.tls).toMatchObject({ rejectUnauthorized: true });
  });

  it('refuses cleartext without the recorded consent, and allows it with', () => {
    expect(() => buildImapFlowOptions({ ...base, port: 143, security: 'none' }, 'pw', 'main')).toThrow(
      expect.objectContaining({ code: 'cleartext_refused' }),
    );
    const o = buildImapFlowOptions({ ...base, port: 143, security: 'none', allowCleartextPassword: true }, 'pw', 'main');
    expect(o.secure).toBe(false);
    expect(o.doSTARTTLS).toBe(false);
  });

  it('adds a test CA without turning validation off', () => {
    const o = buildImapFlowOptions(base, 'pw', 'main', { tlsCa: 'PEM' });
    expect(o.tls).toMatchObject({ rejectUnauthorized: true, ca: ['PEM'] });
  });

  it('uses the checked transport only for a pinned certificate', () => {
    const o = buildImapFlowOptions({ ...base, trustedFingerprint256: pin }, 'pw', 'main');
    expect(o.transport).toBeDefined();
    expect(typeof o.transport?.upgrade).toBe('function');
  });

  it('lowers imapflow size guards well below 1 GB and turns its logging off', () => {
    const o = buildImapFlowOptions(base, 'pw', 'main');
    expect(o).toMatchObject(sizeGuards);
    expect((o.maxLineLength ?? Infinity) < 1e9).toBe(true);
    expect((o.maxLiteralSize ?? Infinity) < 1e9).toBe(true);
    expect(o.logger).toBe(false);
    expect(o.qresync).toBe(true);
  });

  it('idles quickly on the watcher connection', () => {
    const o = buildImapFlowOptions(base, 'pw', 'watch');
    expect(o.autoIdleDelay).toBeLessThanOrEqual(1000);
    expect(o.maxIdleTime).toBeLessThan(29 * 60_000);
  });
});

describe('pinCheck', () => {
  const socket = (authorized: boolean, fingerprint256: string) =>
    ({
      authorized,
      authorizationError: authorized ? null : 'DEPTH_ZERO_SELF_SIGNED_CERT',
      getPeerCertificate: () => ({ fingerprint256, subject: { CN: 'x' }, issuer: { CN: 'x' }, valid_from: 'a', valid_to: 'b' }),
    }) as never;
  it('accepts a normally valid certificate even if it is not the pinned one', () => {
    expect(pinCheck('h', pin)(socket(true, 'OTHER'))).toBeNull();
  });
  it('accepts an untrusted certificate only when it is exactly the pinned one', () => {
    expect(pinCheck('h', pin)(socket(false, pin))).toBeNull();
    const refused = pinCheck('h', pin)(socket(false, pin.toLowerCase()));
    expect(refused).toMatchObject({ code: 'untrusted_certificate', detail: { fingerprint256: pin.toLowerCase() } });
    expect(pinCheck('h', pin)(socket(false, pin.replace(/^AA/, 'AB')))).toMatchObject({ code: 'untrusted_certificate' });
  });
});
