import { describe, expect, it } from 'vitest';

import { mxLookupDomains, registrableDomain } from '../../../electron/engine/accounts/autoconfig/base-domain';
import { builtinConfig, builtinProviders, findBuiltinProvider } from '../../../electron/engine/accounts/autoconfig/builtin-providers';
import { splitAddress } from '../../../electron/engine/accounts/autoconfig/email-address';
import { redactAddress, summarizeFailures } from '../../../electron/engine/accounts/autoconfig/fetch-config';
import { findingsFromConfig, providerFromConfig, withinDomain } from '../../../electron/engine/accounts/autoconfig/findings';
import { providerUrls } from '../../../electron/engine/accounts/autoconfig/source-provider';
import { usableSrvRecords } from '../../../electron/engine/accounts/autoconfig/source-srv';

describe('MX domains', () => {
  it('finds the registrable domain, knowing common two-label suffixes', () => {
    expect(registrableDomain('aspmx.l.google.com')).toBe('google.com');
    expect(registrableDomain('mx00.ionos.co.uk.')).toBe('ionos.co.uk');
    expect(registrableDomain('example.com')).toBe('example.com');
  });

  it("asks about the MX host's parent and its registrable domain, never the user's own domain again", () => {
    expect(mxLookupDomains('aspmx.l.google.com', 'company.example')).toEqual(['l.google.com', 'google.com']);
    expect(mxLookupDomains('mx.company.example', 'company.example')).toEqual([]);
    expect(mxLookupDomains('mx1.mailhost.test', 'homing.test')).toEqual(['mailhost.test']);
  });
});

describe('SRV records (RFC 6186)', () => {
  it('orders by priority, then weight, and drops targets that are not host names', () => {
    const records = usableSrvRecords([
      { name: 'b.example.com', port: 993, priority: 10, weight: 5 },
      { name: 'a.example.com', port: 993, priority: 0, weight: 0 },
      { name: 'c.example.com', port: 993, priority: 10, weight: 50 },
      { name: 'bad name', port: 993, priority: 0, weight: 0 },
    ]);
    expect(records.map((r) => r.name)).toEqual(['a.example.com', 'c.example.com', 'b.example.com']);
  });

  it('reads a lone "." target as "this service is not offered"', () => {
    expect(usableSrvRecords([{ name: '.', port: 0, priority: 0, weight: 0 }])).toEqual([]);
  });
});

describe('provider URLs', () => {
  it('tries autoconfig.<domain> then .well-known, HTTPS before HTTP, and sends the address only over HTTPS', () => {
    const urls = providerUrls('example.com', 'me+tag@example.com');
    expect(urls).toEqual([
      'https://autoconfig.example.com/mail/config-v1.1.xml?emailaddress=me%2Btag%40example.com',
      'https://example.com/.well-known/autoconfig/mail/config-v1.1.xml',
      'http://autoconfig.example.com/mail/config-v1.1.xml',
      'http://example.com/.well-known/autoconfig/mail/config-v1.1.xml',
    ]);
    expect(redactAddress(urls[0]!)).toBe('https://autoconfig.example.com/mail/config-v1.1.xml?emailaddress=…');
  });

  it("summarizes a source's failed attempts by the most telling one", () => {
    expect(summarizeFailures(['nothing', 'unreadable', 'failed'])).toBe('unreadable');
    expect(summarizeFailures(['nothing', 'nothing'])).toBe('nothing');
    expect(summarizeFailures(['timeout', 'stopped'])).toBe('stopped');
  });
});

describe('built-in providers', () => {
  it("answers for the largest providers' domains, case-insensitively", () => {
    expect(findBuiltinProvider('GMAIL.com')?.name).toBe('Gmail');
    expect(findBuiltinProvider('hotmail.co.uk')?.name).toBe('Outlook.com');
    expect(findBuiltinProvider('me.com')?.name).toBe('iCloud Mail');
    expect(findBuiltinProvider('web.de')?.name).toBe('WEB.DE');
    expect(findBuiltinProvider('example.com')).toBeUndefined();
  });

  it('only lists secure connections, and a domain belongs to one provider', () => {
    const seen = new Set<string>();
    for (const p of builtinProviders) {
      for (const s of p.servers) expect(s.security).not.toBe('none');
      for (const d of p.domains) {
        expect(seen.has(d)).toBe(false);
        seen.add(d);
      }
    }
  });

  it('says so when a provider publishes no POP3 (iCloud)', () => {
    const parts = splitAddress('jane@icloud.com');
    const config = builtinConfig(findBuiltinProvider('icloud.com')!, parts);
    expect(config.servers.filter((s) => s.protocol === 'pop3')).toEqual([]);
    // Apple: the IMAP user name is usually the part before "@"; the full address is the fallback.
    expect(config.servers.filter((s) => s.protocol === 'imap').map((s) => s.username)).toEqual(['jane', 'jane@icloud.com']);
  });

  it("marks Outlook.com as OAuth-only, from its servers' authentication", () => {
    const config = builtinConfig(findBuiltinProvider('outlook.com')!, splitAddress('a@outlook.com'));
    expect(providerFromConfig(config).oauthOnly).toBe(true);
  });
});

describe('findings', () => {
  it("verifies by host when asked (DNS-found servers inside the user's domain)", () => {
    expect(withinDomain('imap.example.com', 'example.com')).toBe(true);
    expect(withinDomain('example.com', 'example.com')).toBe(true);
    expect(withinDomain('badexample.com', 'example.com')).toBe(false);
    const parts = splitAddress('me@example.com');
    const findings = findingsFromConfig(
      {
        providerId: 'x',
        displayName: 'x',
        domains: [],
        skipped: [],
        servers: [
          { protocol: 'imap', host: 'imap.example.com', port: 993, security: 'tls', username: undefined, authentication: [] },
          { protocol: 'imap', host: 'imap.elsewhere.net', port: 993, security: 'tls', username: 'u', authentication: [] },
        ],
      },
      { source: 'mx', verified: (host) => withinDomain(host, parts.domain), evidence: 'e', parts },
    );
    expect(findings.map((x) => [x.verified, x.usernames])).toEqual([
      [true, ['me@example.com', 'me']],
      [false, ['u']],
    ]);
  });
});
