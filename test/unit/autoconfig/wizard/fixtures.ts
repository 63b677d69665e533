import type { DiscoveredServer, DiscoveryResult } from '../../../../electron/contract/wizard';

export const server = (over: Partial<DiscoveredServer> = {}): DiscoveredServer => ({
  protocol: 'imap',
  host: 'imap.example.com',
  port: 993,
  security: 'tls',
  usernames: ['me@example.com', 'me'],
  authentication: ['password-cleartext'],
  verified: true,
  source: 'ispdb',
  foundBy: ['ispdb'],
  evidence: 'https://autoconfig.thunderbird.net/v1.1/example.com',
  ...over,
});

export const result = (over: Partial<DiscoveryResult> = {}): DiscoveryResult => ({
  email: 'me@example.com',
  domain: 'example.com',
  provider: { id: 'example.com', name: 'Example Mail', needsAppPassword: false, oauthOnly: false },
  imap: [server()],
  pop3: [server({ protocol: 'pop3', host: 'pop.example.com', port: 995 })],
  smtp: [server({ protocol: 'smtp', host: 'smtp.example.com', port: 465 })],
  sources: [],
  stopped: false,
  available: { imap: true, pop3: true },
  ...over,
});
