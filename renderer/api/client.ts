import type { CommandInput, CommandName, CommandOutput, EventName, EventPayload, Result } from '../../electron/contract';
import type { Transport } from './transport';
import { connectWebSocket } from './ws-transport';

/** The renderer's typed view of the contract; the transport underneath is interchangeable. */
export interface HomingClient {
  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<Result<CommandOutput<N>>>;
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
  transport: Transport;
}

export const createClient = (transport: Transport): HomingClient => ({
  transport,
  call: (name, input) => transport.call(name, input) as never,
  on: (name, listener) =>
    transport.subscribe((event, payload) => {
      if (event === name) listener(payload as never);
    }),
});

/** Electron's preload bridge when present, else the browser host's WebSocket from the URL fragment. */
export const connectFromEnvironment = (): HomingClient => {
  if (window.homingBridge) return createClient(window.homingBridge);
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (!token) throw new Error('This page was opened without its access token. Open the address the browser host printed.');
  const wsUrl = `${window.location.origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`;
  return createClient(connectWebSocket(wsUrl));
};
