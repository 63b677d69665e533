import { mxLookupDomains } from './base-domain';
import { isNoAnswer, withSignal } from './dns';
import { fetchConfig, summarizeFailures } from './fetch-config';
import { type FinalState, findingsFromConfig, providerFromConfig, type SourceContext, type SourceOutcome, withinDomain } from './findings';
import { firstProviderConfig, providerOutcome } from './source-provider';

/**
 * Many domains receive mail at a big provider (Google Workspace, Microsoft 365, …) without
 * publishing any autoconfig of their own; the MX record says which. The MX answer is plain DNS,
 * so what it leads to is verified only where the servers lie inside the user's own domain
 * (a valid certificate then vouches for them); otherwise the user confirms, as in Thunderbird.
 */
export async function mxSource(ctx: SourceContext): Promise<SourceOutcome> {
  const { domain } = ctx.parts;
  ctx.looking(domain);
  let exchange: string | undefined;
  try {
    const records = await withSignal(ctx.resolver.resolveMx(domain), ctx.signal);
    exchange = records
      .filter((r) => r.exchange && r.exchange !== '.')
      .sort((a, b) => a.priority - b.priority)[0]
      ?.exchange.toLowerCase();
  } catch (err) {
    if (ctx.signal.aborted) return { state: 'stopped', findings: [], subject: domain };
    if (isNoAnswer(err)) return { state: 'nothing', findings: [], subject: domain, problem: 'no MX record' };
    const code = String((err as { code?: unknown }).code ?? '');
    return { state: code === 'ETIMEOUT' ? 'timeout' : 'failed', findings: [], subject: domain, problem: `MX lookup: ${code}` };
  }
  if (!exchange) return { state: 'nothing', findings: [], subject: domain, problem: 'no MX record' };

  const verified = (secure: boolean, host: string) => secure && withinDomain(host, domain);
  const states: FinalState[] = [];
  const problems: string[] = [];
  for (const candidate of mxLookupDomains(exchange, domain)) {
    ctx.looking(candidate);
    const ispdb = await fetchConfig(`${ctx.config.ispdbBaseUrl}${encodeURIComponent(candidate)}`, ctx);
    if (ispdb.state === 'found') {
      return {
        state: 'found',
        subject: candidate,
        findings: findingsFromConfig(ispdb.config, {
          source: 'mx',
          verified: (host) => verified(ispdb.secure, host),
          evidence: `${exchange} → ${ispdb.url}`,
          parts: ctx.parts,
        }),
        provider: providerFromConfig(ispdb.config),
      };
    }
    states.push(ispdb.state);
    problems.push(ispdb.problem);
    const own = await firstProviderConfig(candidate, null, ctx);
    const outcome = providerOutcome('mx', own, ctx, candidate, verified);
    if (outcome.state === 'found')
      return { ...outcome, findings: outcome.findings.map((f) => ({ ...f, evidence: `${exchange} → ${f.evidence}` })) };
    states.push(outcome.state);
    if (outcome.problem) problems.push(outcome.problem);
  }
  return { state: summarizeFailures(states), findings: [], subject: exchange, problem: problems.join('; ') || 'no candidate domain' };
}
