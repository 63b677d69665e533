import type { z } from 'zod';

import type { Result } from '../../../electron/contract';
import type { composeCommands, OutboxEntry } from '../../../electron/contract/compose';
import type { HomingClient } from '../../api/client';

type ComposeCommands = typeof composeCommands;
export type ComposeCommandName = keyof ComposeCommands;
export type ComposeInput<N extends ComposeCommandName> = z.input<ComposeCommands[N]['input']>;
export type ComposeOutput<N extends ComposeCommandName> = z.output<ComposeCommands[N]['output']>;

/** The composer's typed view of its commands and the Outbox event (declared in contract/compose.ts). */
export interface ComposeApi {
  call<N extends ComposeCommandName>(name: N, input: ComposeInput<N>): Promise<Result<ComposeOutput<N>>>;
  onOutboxChanged(listener: (entries: OutboxEntry[]) => void): () => void;
}

export const composeApi = (client: Pick<HomingClient, 'transport'>): ComposeApi => ({
  call: (name, input) => client.transport.call(name, input) as never,
  onOutboxChanged: (listener) =>
    client.transport.subscribe((name, payload) => {
      if (name === 'outbox:changed') listener((payload as { entries: OutboxEntry[] }).entries);
    }),
});
