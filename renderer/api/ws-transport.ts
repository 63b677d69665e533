import type { Result } from '../../electron/contract';
import { decodeWire, encodeWire, type ServerFrame } from '../../electron/contract/wire';
import type { Transport } from './transport';

/**
 * The browser host's transport. The token comes from the URL fragment (never sent over HTTP);
 * calls made while (re)connecting wait for the socket instead of failing.
 */
export const connectWebSocket = (url: string): Transport => {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let nextId = 1;
  let socket: WebSocket;
  let ready: Promise<void>;
  let retryMs = 250;

  const open = () => {
    socket = new WebSocket(url);
    ready = new Promise((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
    socket.addEventListener('open', () => {
      retryMs = 250;
    });
    socket.addEventListener('message', (event) => {
      const frame = decodeWire(String(event.data)) as ServerFrame;
      if (frame.type === 'result') {
        pending.get(frame.id)?.(frame.result as Result<unknown>);
        pending.delete(frame.id);
      } else {
        for (const l of listeners) l(frame.name, frame.payload);
      }
    });
    socket.addEventListener('close', () => {
      for (const [id, settle] of pending) {
        settle({ ok: false, error: { code: 'connection_lost', message: 'Lost the connection to the Homing engine.' } });
        pending.delete(id);
      }
      for (const l of listeners) l('transport:closed', {});
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    });
  };
  open();

  return {
    async call(name, input) {
      await ready;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(encodeWire({ type: 'call', id, name, input }));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
