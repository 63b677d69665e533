import type { z } from 'zod';

import { HomingError } from '../../../contract';
import type { DiscoveryProgress, WizardCommandName, WizardCommandOutput, WizardCommands } from '../../../contract/wizard';
import type { CallContext } from '../../api/dispatch';
import type { Logger } from '../../log';
import { probeServer } from '../probe/probe-server';
import { createRetestHandler, type RetestDeps } from '../probe/retest-account';
import { discover } from './discover';
import { type DiscoveryOptions, resolveDiscoveryConfig } from './discovery-config';
import { createResolver, resolverLookup } from './dns';

export type WizardHandlers = {
  [N in WizardCommandName]: (input: z.output<WizardCommands[N]['input']>, ctx: CallContext) => Promise<WizardCommandOutput<N>>;
};

export interface WizardHandlerDeps {
  options?: DiscoveryOptions;
  log: Logger;
  /** Delivers one progress event to the client that started the discovery. */
  progress(clientId: string, progress: DiscoveryProgress): void;
  /** Which account modes this build can add, so the wizard never offers one it cannot save. */
  available(): { imap: boolean; pop3: boolean };
  /** For `accounts:retest`: the saved accounts, their secrets, and the protocol testers. */
  retest: RetestDeps;
}

/** Most discoveries one renderer may run at once; a wizard needs one. */
const MAX_PER_CLIENT = 4;
/**
 * Most probes one renderer may have in flight. A probe connects wherever it is told (that is its
 * job), so this keeps a misbehaving page from turning it into a fast port scanner.
 */
const MAX_PROBES_PER_CLIENT = 4;

/**
 * The wizard's engine commands (contract/wizard.ts). Discoveries are keyed by the calling client and its id, so one
 * renderer can neither see nor stop another's. The address is never logged.
 */
export function createWizardHandlers(deps: WizardHandlerDeps): {
  handlers: WizardHandlers;
  clientGone(clientId: string): void;
  dispose(): void;
} {
  const config = resolveDiscoveryConfig(deps.options);
  const running = new Map<string, AbortController>();
  const probing = new Map<string, number>();
  const keyOf = (clientId: string, discoveryId: string) => `${clientId}\u0000${discoveryId}`;

  const handlers: WizardHandlers = {
    'accounts:discover': async ({ discoveryId, email }, ctx) => {
      const key = keyOf(ctx.clientId, discoveryId);
      running.get(key)?.abort();
      const mine = [...running.keys()].filter((k) => k.startsWith(`${ctx.clientId}\u0000`));
      if (mine.length >= MAX_PER_CLIENT) throw new HomingError('invalid_input', 'Too many searches at once; stop one first.');
      const controller = new AbortController();
      running.set(key, controller);
      try {
        const run = await discover(email, {
          config,
          signal: controller.signal,
          log: deps.log,
          onProgress: (report) => deps.progress(ctx.clientId, { ...report, discoveryId }),
        });
        return { ...run, available: deps.available() };
      } finally {
        if (running.get(key) === controller) running.delete(key);
      }
    },
    'accounts:discoverStop': async ({ discoveryId }, ctx) => {
      const controller = running.get(keyOf(ctx.clientId, discoveryId));
      controller?.abort();
      return { stopped: controller !== undefined };
    },
    'accounts:probe': async ({ protocol, host, port, security }, ctx) => {
      const inFlight = probing.get(ctx.clientId) ?? 0;
      if (inFlight >= MAX_PROBES_PER_CLIENT)
        throw new HomingError('invalid_input', 'Too many server checks at once; try again in a moment.');
      probing.set(ctx.clientId, inFlight + 1);
      const resolver = config.resolverServers ? createResolver(config.resolverServers, config.timeouts.dnsMs) : undefined;
      try {
        return await probeServer(
          { protocol, host: host.toLowerCase(), port, security },
          {
            timeoutMs: config.timeouts.probeMs,
            signal: AbortSignal.timeout(config.timeouts.probeMs + 1_000),
            ...(resolver ? { lookup: resolverLookup(resolver) } : {}),
            ...(config.extraCa ? { extraCa: config.extraCa } : {}),
          },
        );
      } finally {
        resolver?.cancel();
        const left = (probing.get(ctx.clientId) ?? 1) - 1;
        if (left > 0) probing.set(ctx.clientId, left);
        else probing.delete(ctx.clientId);
      }
    },
    'accounts:retest': createRetestHandler(deps.retest),
  };

  return {
    handlers,
    clientGone: (clientId) => {
      for (const [key, controller] of running) if (key.startsWith(`${clientId}\u0000`)) controller.abort();
    },
    dispose: () => {
      for (const controller of running.values()) controller.abort();
    },
  };
}
