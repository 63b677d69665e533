import { fetchConfig, summarizeFailures } from './fetch-config';
import { findingsFromConfig, providerFromConfig, type SourceContext, type SourceOutcome } from './findings';

/**
 * Thunderbird's ISPDB: `<base><domain>`. Only the domain is sent, never the address. Answers over
 * HTTPS are verified; a test or a proxy serving plain HTTP gets unverified results.
 */
export async function ispdbSource(ctx: SourceContext): Promise<SourceOutcome> {
  const { domain } = ctx.parts;
  ctx.looking(domain);
  const fetched = await fetchConfig(`${ctx.config.ispdbBaseUrl}${encodeURIComponent(domain)}`, ctx);
  if (fetched.state !== 'found')
    return { state: summarizeFailures([fetched.state]), findings: [], subject: domain, problem: fetched.problem };
  return {
    state: 'found',
    subject: domain,
    findings: findingsFromConfig(fetched.config, { source: 'ispdb', verified: fetched.secure, evidence: fetched.url, parts: ctx.parts }),
    provider: providerFromConfig(fetched.config),
  };
}
