import type { DiscoverySource } from '../../../contract/wizard';
import { fetchConfig, type FetchedConfig, redactAddress, summarizeFailures } from './fetch-config';
import { findingsFromConfig, providerFromConfig, type SourceContext, type SourceOutcome } from './findings';

/**
 * A provider's own autoconfig files, best first (Thunderbird's order):
 * https://autoconfig.<domain>/mail/config-v1.1.xml?emailaddress=…, then
 * https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml, then both over plain HTTP.
 * The address goes only to the HTTPS URL on the provider's own autoconfig host (some providers
 * answer per user); over plain HTTP anyone on the path could read it, so it is left out there.
 */
export function providerUrls(domain: string, address: string | null): string[] {
  const query = address ? `?emailaddress=${encodeURIComponent(address)}` : '';
  return [
    `https://autoconfig.${domain}/mail/config-v1.1.xml${query}`,
    `https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`,
    `http://autoconfig.${domain}/mail/config-v1.1.xml`,
    `http://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`,
  ];
}

/**
 * Fetches all of a domain's provider URLs at once and takes the best-ranked one that answers
 * with a usable config; the slower ones are cancelled once a better-ranked answer is in.
 */
export async function firstProviderConfig(
  domain: string,
  address: string | null,
  ctx: SourceContext,
): Promise<{ found: Extract<FetchedConfig, { state: 'found' }> | null; states: FetchedConfig[] }> {
  const local = new AbortController();
  const signal = AbortSignal.any([ctx.signal, local.signal]);
  const sub = { ...ctx, signal };
  const attempts = providerUrls(domain, address).map((url) => fetchConfig(url, sub));
  const states: FetchedConfig[] = [];
  try {
    for (const attempt of attempts) {
      const result = await attempt;
      states.push(result);
      if (result.state === 'found') return { found: result, states };
    }
    return { found: null, states };
  } finally {
    local.abort();
    // The cancelled ones settle quickly; nothing may be left running after the source ends.
    await Promise.allSettled(attempts);
  }
}

export const providerOutcome = (
  source: DiscoverySource,
  result: Awaited<ReturnType<typeof firstProviderConfig>>,
  ctx: SourceContext,
  subject: string,
  verified: (secure: boolean, host: string) => boolean,
): SourceOutcome => {
  const { found, states } = result;
  const problems = states.flatMap((s) => (s.state === 'found' ? [] : [s.problem]));
  if (!found) {
    const failures = states.map((s) => s.state).filter((s): s is Exclude<typeof s, 'found'> => s !== 'found');
    return { state: summarizeFailures(failures), findings: [], subject, problem: problems.join('; ') };
  }
  return {
    state: 'found',
    subject,
    findings: findingsFromConfig(found.config, {
      source,
      verified: (host) => verified(found.secure, host),
      evidence: redactAddress(found.url),
      parts: ctx.parts,
    }),
    provider: providerFromConfig(found.config),
  };
};

export async function providerSource(ctx: SourceContext): Promise<SourceOutcome> {
  const { domain, address } = ctx.parts;
  ctx.looking(domain);
  const result = await firstProviderConfig(domain, address, ctx);
  return providerOutcome('provider', result, ctx, domain, (secure) => secure);
}
