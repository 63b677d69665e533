import type { DiscoveredServer, DiscoveryProtocol, DiscoverySource, ProviderInfo, SourceReport } from '../../../contract/wizard';
import { describeForLog, type Logger } from '../../log';
import type { DiscoveryConfig } from './discovery-config';
import { createResolver, resolverLookup } from './dns';
import { splitAddress } from './email-address';
import { type FinalState, hasIncoming, type Source, type SourceContext, type SourceOutcome } from './findings';
import { decisiveSource, mergeFindings, pickProvider } from './merge';
import { builtinSource } from './source-builtin';
import { guessSource } from './source-guess';
import { ispdbSource } from './source-ispdb';
import { mxSource } from './source-mx';
import { providerSource } from './source-provider';
import { srvSource } from './source-srv';

export interface DiscoverOptions {
  config: DiscoveryConfig;
  /** The user's "Stop and enter settings by hand". */
  signal: AbortSignal;
  onProgress?: (report: SourceReport) => void;
  log?: Logger;
}

export interface DiscoveryRun {
  email: string;
  domain: string;
  provider: ProviderInfo | null;
  imap: DiscoveredServer[];
  pop3: DiscoveredServer[];
  smtp: DiscoveredServer[];
  sources: SourceReport[];
  stopped: boolean;
}

/** Asked all at once; guessing only afterwards, and only when none of them knew the servers. */
const firstRound: [DiscoverySource, Source][] = [
  ['builtin', builtinSource],
  ['ispdb', ispdbSource],
  ['provider', providerSource],
  ['mx', mxSource],
  ['srv', srvSource],
];

/**
 * Finds an address's mail servers (issue 5 §1). Every source is time-boxed and cancellable; a
 * source that fails only fails itself. The search ends early once a verified answer is in from a
 * source no pending one outranks; the pending ones are then cancelled and reported "skipped".
 */
export async function discover(email: string, opts: DiscoverOptions): Promise<DiscoveryRun> {
  const parts = splitAddress(email);
  const { config } = opts;
  const resolver = createResolver(config.resolverServers, config.timeouts.dnsMs);
  const lookup = config.resolverServers ? resolverLookup(resolver) : undefined;
  const reports = new Map<DiscoverySource, SourceReport>();
  const report = (r: SourceReport) => {
    reports.set(r.source, r);
    opts.onProgress?.(r);
  };
  for (const source of [...firstRound.map(([s]) => s), 'guess' as const]) report({ source, state: 'waiting' });

  const outcomes: Partial<Record<DiscoverySource, SourceOutcome>> = {};
  const skippers = new Map<DiscoverySource, AbortController>();

  const run = async (source: DiscoverySource, fn: Source) => {
    const skip = new AbortController();
    skippers.set(source, skip);
    const ctx: SourceContext = {
      parts,
      config,
      signal: AbortSignal.any([opts.signal, skip.signal]),
      resolver,
      ...(lookup ? { lookup } : {}),
      looking: (subject) => report({ source, state: 'searching', subject }),
    };
    report({ source, state: 'searching', subject: parts.domain });
    let outcome: SourceOutcome;
    try {
      outcome = await fn(ctx);
    } catch (err) {
      opts.log?.warn(`autoconfig ${source} crashed: ${describeForLog(err)}`);
      outcome = { state: 'failed', findings: [] };
    }
    let state: FinalState = outcome.state;
    if (opts.signal.aborted && state !== 'found') state = 'stopped';
    else if (skip.signal.aborted && state !== 'found') state = 'skipped';
    outcomes[source] = { ...outcome, state };
    if (outcome.problem) opts.log?.info(`autoconfig ${source} for ${parts.domain}: ${state}: ${outcome.problem}`);
    report({ source, state, ...(outcome.subject ? { subject: outcome.subject } : {}) });

    const decisive = decisiveSource(
      outcomes,
      firstRound.map(([s]) => s),
    );
    if (decisive) for (const [other, controller] of skippers) if (!outcomes[other]) controller.abort();
  };

  try {
    // The built-in table needs no I/O: when it knows the domain, nothing is asked on the network.
    const [[builtinName, builtinFn], ...networked] = firstRound as [[DiscoverySource, Source], ...[DiscoverySource, Source][]];
    await run(builtinName, builtinFn);
    if (decisiveSource(outcomes, [builtinName])) {
      for (const [source] of networked) {
        outcomes[source] = { state: 'skipped', findings: [] };
        report({ source, state: 'skipped' });
      }
    } else {
      await Promise.all(networked.map(([source, fn]) => run(source, fn)));
    }
    const found = Object.values(outcomes).flatMap((o) => o?.findings ?? []);
    if (opts.signal.aborted) {
      report({ source: 'guess', state: 'stopped' });
    } else if (hasIncoming(found)) {
      report({ source: 'guess', state: 'skipped' });
    } else {
      const known = new Set(found.map((f) => f.protocol));
      const missing = (['imap', 'pop3', 'smtp'] as DiscoveryProtocol[]).filter((p) => !known.has(p));
      await run('guess', (ctx) => guessSource(ctx, missing));
    }
  } finally {
    // Queries still in flight (from a cancelled source) end now rather than at their timeout.
    resolver.cancel();
  }

  const merged = mergeFindings(Object.values(outcomes).flatMap((o) => o?.findings ?? []));
  return {
    email: parts.address,
    domain: parts.domain,
    provider: pickProvider(outcomes),
    ...merged,
    sources: [...reports.values()],
    stopped: opts.signal.aborted,
  };
}
