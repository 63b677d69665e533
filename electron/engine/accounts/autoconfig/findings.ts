import type { promises as dnsPromises } from 'node:dns';

import type { Security } from '../../../contract';
import type { AuthMethod, DiscoveryProtocol, DiscoverySource, ProviderInfo, SourceState } from '../../../contract/wizard';
import type { ClientConfig } from './client-config';
import type { DiscoveryConfig } from './discovery-config';
import type { LookupFunction } from './dns';
import type { EmailParts } from './email-address';

/** One server one source reported. Merging (merge.ts) folds equal servers from several sources. */
export interface Finding {
  protocol: DiscoveryProtocol;
  host: string;
  port: number;
  security: Security;
  usernames: string[];
  authentication: AuthMethod[];
  verified: boolean;
  source: DiscoverySource;
  evidence: string;
}

export type FinalState = Exclude<SourceState, 'waiting' | 'searching'>;

export interface SourceOutcome {
  state: FinalState;
  findings: Finding[];
  provider?: ProviderInfo;
  /** The domain or host the source ended up looking at. */
  subject?: string;
  /** Why it failed or what it skipped, for the log (never shown raw, never holds the address). */
  problem?: string;
}

export interface SourceContext {
  parts: EmailParts;
  config: DiscoveryConfig;
  signal: AbortSignal;
  resolver: dnsPromises.Resolver;
  /** Set when tests inject DNS servers; otherwise the system resolver is used for connections. */
  lookup?: LookupFunction;
  /** Progress: what the source is looking at now. */
  looking(subject: string): void;
}

export type Source = (ctx: SourceContext) => Promise<SourceOutcome>;

/** Is `host` the domain itself or inside it? Then a valid certificate for it vouches for the link. */
export const withinDomain = (host: string, domain: string): boolean => host === domain || host.endsWith(`.${domain}`);

/** Without a user name from the source, try the full address first, then the part before "@". */
export const defaultUsernames = (parts: EmailParts): string[] => [...new Set([parts.address, parts.localPart])];

export function findingsFromConfig(
  config: ClientConfig,
  how: { source: DiscoverySource; verified: boolean | ((host: string) => boolean); evidence: string; parts: EmailParts },
): Finding[] {
  return config.servers.map((s) => ({
    protocol: s.protocol,
    host: s.host,
    port: s.port,
    security: s.security,
    usernames: s.username ? [s.username] : defaultUsernames(how.parts),
    authentication: s.authentication,
    verified: typeof how.verified === 'function' ? how.verified(s.host) : how.verified,
    source: how.source,
    evidence: how.evidence,
  }));
}

/** Provider facts a clientConfig carries. needsAppPassword is only known from the built-in table. */
export function providerFromConfig(config: ClientConfig): ProviderInfo {
  const incoming = config.servers.filter((s) => s.protocol !== 'smtp');
  const oauthOnly =
    incoming.length > 0 && incoming.every((s) => s.authentication.length > 0 && s.authentication.every((a) => a === 'oauth2'));
  return {
    id: config.providerId,
    name: config.displayName,
    needsAppPassword: false,
    oauthOnly,
    ...(config.enableUrl ? { enableUrl: config.enableUrl } : {}),
    ...(config.documentationUrl ? { documentationUrl: config.documentationUrl } : {}),
  };
}

export const hasIncoming = (findings: Finding[]): boolean => findings.some((f) => f.protocol !== 'smtp');
