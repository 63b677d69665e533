import type { Result } from '../../../electron/contract';
import type { DiscoveryProgress, WizardCommandInput, WizardCommandName, WizardCommandOutput } from '../../../electron/contract/wizard';
import type { HomingClient } from '../../api/client';

/**
 * The wizard's commands, typed from electron/contract/wizard.ts. They travel over the same
 * transport as every other command; this thin wrapper only adds their types (it keeps working
 * unchanged once they are merged into `commands`).
 */
export interface WizardApi {
  call<N extends WizardCommandName>(name: N, input: WizardCommandInput<N>): Promise<Result<WizardCommandOutput<N>>>;
  onDiscoveryProgress(listener: (progress: DiscoveryProgress) => void): () => void;
}

export const wizardApi = (client: HomingClient): WizardApi => ({
  call: (name, input) => client.transport.call(name, input) as never,
  onDiscoveryProgress: (listener) =>
    client.transport.subscribe((name, payload) => {
      if (name === 'accounts:discoverProgress') listener(payload as DiscoveryProgress);
    }),
});

export const newDiscoveryId = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `d${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
