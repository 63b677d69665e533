import type { Security } from '../../../contract';
import type { DiscoveredServer, DiscoveryProtocol, DiscoverySource, ProviderInfo } from '../../../contract/wizard';
import type { Finding, SourceOutcome } from './findings';

/** Trust order of sources (issue 5 §1): earlier answers win over later ones. */
export const sourceOrder: readonly DiscoverySource[] = ['builtin', 'ispdb', 'provider', 'mx', 'srv', 'guess'];

const securityRank: Record<Security, number> = { tls: 0, starttls: 1, none: 2 };

/**
 * Ranking key, smaller is better: verified before unverified (nobody on the path could have
 * supplied it), then the more trusted source, then implicit TLS before STARTTLS before none
 * (RFC 8314 §3), then the source's own order.
 */
const rankOf = (f: { verified: boolean; source: DiscoverySource; security: Security }, index: number): number[] => [
  f.verified ? 0 : 1,
  sourceOrder.indexOf(f.source),
  securityRank[f.security],
  index,
];

const compareRanks = (a: number[], b: number[]): number => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
};

const keyOf = (f: Finding) => `${f.protocol}|${f.host.toLowerCase()}|${f.port}|${f.security}`;

/**
 * Folds the findings of every source into one best-first list per protocol. The same server
 * (protocol, host, port, security) reported by several sources appears once: verified if any
 * source verified it, credited to the best source, with every source listed and every user name
 * form kept in rank order.
 */
export function mergeFindings(findings: readonly Finding[]): Record<DiscoveryProtocol, DiscoveredServer[]> {
  const ranked = findings.map((f, i) => ({ f, rank: rankOf(f, i) })).sort((a, b) => compareRanks(a.rank, b.rank));
  const merged = new Map<string, { server: DiscoveredServer; rank: number[] }>();
  for (const { f, rank } of ranked) {
    const key = keyOf(f);
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, {
        rank,
        server: {
          protocol: f.protocol,
          host: f.host.toLowerCase(),
          port: f.port,
          security: f.security,
          usernames: [...f.usernames],
          authentication: [...f.authentication],
          verified: f.verified,
          source: f.source,
          foundBy: [f.source],
          evidence: f.evidence,
        },
      });
      continue;
    }
    const s = existing.server;
    // Sorted best first, so the first entry already holds the best source and evidence.
    s.verified ||= f.verified;
    if (!s.foundBy.includes(f.source)) s.foundBy.push(f.source);
    for (const u of f.usernames) if (!s.usernames.includes(u)) s.usernames.push(u);
    for (const a of f.authentication) if (!s.authentication.includes(a)) s.authentication.push(a);
  }
  const out: Record<DiscoveryProtocol, DiscoveredServer[]> = { imap: [], pop3: [], smtp: [] };
  for (const { server } of [...merged.values()].sort((a, b) => compareRanks(a.rank, b.rank))) {
    server.foundBy.sort((a, b) => sourceOrder.indexOf(a) - sourceOrder.indexOf(b));
    out[server.protocol].push(server);
  }
  return out;
}

/** Provider facts from the most trusted source that had any. */
export function pickProvider(outcomes: Partial<Record<DiscoverySource, SourceOutcome>>): ProviderInfo | null {
  for (const source of sourceOrder) {
    const provider = outcomes[source]?.provider;
    if (provider) return provider;
  }
  return null;
}

/**
 * When the search may stop early: a source found a verified incoming server and every more
 * trusted source has already answered. Returns that source, or null to keep waiting.
 */
export function decisiveSource(
  settled: Partial<Record<DiscoverySource, SourceOutcome>>,
  order: readonly DiscoverySource[],
): DiscoverySource | null {
  for (const source of order) {
    const outcome = settled[source];
    if (!outcome) return null;
    if (outcome.findings.some((f) => f.protocol !== 'smtp' && f.verified)) return source;
  }
  return null;
}
