import { describe, expect, it } from 'vitest';

import type { Finding, SourceOutcome } from '../../../electron/engine/accounts/autoconfig/findings';
import { decisiveSource, mergeFindings, pickProvider, sourceOrder } from '../../../electron/engine/accounts/autoconfig/merge';

const f = (over: Partial<Finding>): Finding => ({
  protocol: 'imap',
  host: 'imap.example.com',
  port: 993,
  security: 'tls',
  usernames: ['me@example.com'],
  authentication: ['password-cleartext'],
  verified: true,
  source: 'ispdb',
  evidence: 'https://autoconfig.thunderbird.net/v1.1/example.com',
  ...over,
});

describe('mergeFindings', () => {
  it('folds one server reported by several sources into one entry, crediting the most trusted', () => {
    const merged = mergeFindings([
      f({ source: 'srv', verified: false, evidence: '_imaps._tcp.example.com', usernames: ['me'] }),
      f({ source: 'ispdb' }),
      f({ source: 'guess', verified: false, host: 'IMAP.example.com' }),
    ]);
    expect(merged.imap).toHaveLength(1);
    expect(merged.imap[0]).toMatchObject({
      source: 'ispdb',
      foundBy: ['ispdb', 'srv', 'guess'],
      verified: true,
      evidence: 'https://autoconfig.thunderbird.net/v1.1/example.com',
      usernames: ['me@example.com', 'me'],
    });
  });

  it('treats a server as verified when any source verified it', () => {
    const merged = mergeFindings([f({ source: 'guess', verified: false }), f({ source: 'srv', verified: true })]);
    expect(merged.imap[0]).toMatchObject({ verified: true, source: 'srv', foundBy: ['srv', 'guess'] });
  });

  it('ranks verified before unverified, then by source, then implicit TLS before STARTTLS before none', () => {
    const merged = mergeFindings([
      f({ host: 'guessed', source: 'guess', verified: false }),
      f({ host: 'http-provider', source: 'provider', verified: false }),
      f({ host: 'srv-inside', source: 'srv', verified: true, security: 'starttls', port: 143 }),
      f({ host: 'srv-inside', source: 'srv', verified: true, security: 'tls' }),
      f({ host: 'plain', source: 'ispdb', security: 'none', port: 143 }),
      f({ host: 'isp', source: 'ispdb', security: 'starttls', port: 143 }),
    ]);
    expect(merged.imap.map((s) => `${s.host}/${s.security}`)).toEqual([
      'isp/starttls',
      'plain/none',
      'srv-inside/tls',
      'srv-inside/starttls',
      'http-provider/tls',
      'guessed/tls',
    ]);
  });

  it("keeps a source's own order among equals, and separates protocols", () => {
    const merged = mergeFindings([
      f({ protocol: 'smtp', host: 'smtp1', port: 465 }),
      f({ protocol: 'pop3', host: 'pop', port: 995 }),
      f({ protocol: 'smtp', host: 'smtp2', port: 465 }),
    ]);
    expect(merged.smtp.map((s) => s.host)).toEqual(['smtp1', 'smtp2']);
    expect(merged.pop3.map((s) => s.host)).toEqual(['pop']);
    expect(merged.imap).toEqual([]);
  });

  it('does not merge the same host on different ports or with different security', () => {
    const merged = mergeFindings([f({}), f({ port: 143, security: 'starttls' })]);
    expect(merged.imap).toHaveLength(2);
  });
});

describe('decisiveSource', () => {
  const found = (verified: boolean, protocol: Finding['protocol'] = 'imap'): SourceOutcome => ({
    state: 'found',
    findings: [f({ verified, protocol })],
  });
  const nothing: SourceOutcome = { state: 'nothing', findings: [] };

  it('stops early only when every more trusted source has answered', () => {
    expect(decisiveSource({ provider: found(true) }, sourceOrder)).toBeNull();
    expect(decisiveSource({ builtin: nothing, ispdb: nothing, provider: found(true) }, sourceOrder)).toBe('provider');
    expect(decisiveSource({ builtin: found(true) }, sourceOrder)).toBe('builtin');
  });

  it('keeps waiting after an unverified or outgoing-only answer', () => {
    expect(decisiveSource({ builtin: nothing, ispdb: found(false) }, sourceOrder)).toBeNull();
    expect(decisiveSource({ builtin: nothing, ispdb: found(true, 'smtp') }, sourceOrder)).toBeNull();
  });
});

describe('pickProvider', () => {
  it('takes the provider facts of the most trusted source that has them', () => {
    const p = (name: string) => ({ id: name, name, needsAppPassword: false, oauthOnly: false });
    expect(
      pickProvider({
        mx: { state: 'found', findings: [], provider: p('mx') },
        ispdb: { state: 'found', findings: [], provider: p('ispdb') },
      })?.name,
    ).toBe('ispdb');
    expect(pickProvider({ srv: { state: 'found', findings: [] } })).toBeNull();
  });
});
