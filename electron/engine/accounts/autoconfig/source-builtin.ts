import { builtinConfig, findBuiltinProvider } from './builtin-providers';
import { findingsFromConfig, providerFromConfig, type SourceContext, type SourceOutcome } from './findings';

/** Homing's own table: no network, so it answers at once and offline. */
export async function builtinSource(ctx: SourceContext): Promise<SourceOutcome> {
  const { domain } = ctx.parts;
  const provider = ctx.config.builtin ? findBuiltinProvider(domain) : undefined;
  if (!provider) return { state: 'nothing', findings: [], subject: domain };
  const config = builtinConfig(provider, ctx.parts);
  return {
    state: 'found',
    subject: domain,
    findings: findingsFromConfig(config, {
      source: 'builtin',
      verified: true,
      evidence: `Homing’s list of large providers (${provider.name})`,
      parts: ctx.parts,
    }),
    provider: {
      ...providerFromConfig(config),
      needsAppPassword: provider.needsAppPassword,
      oauthOnly: provider.oauthOnly,
      ...(provider.appPasswordUrl ? { appPasswordUrl: provider.appPasswordUrl } : {}),
    },
  };
}
