import type { Result } from '../../electron/contract';
import { decodeWire, encodeWire, joinParts, type PickupFrame, type ServerFrame } from '../../electron/contract/wire';
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
  let markOpen: () => void = () => undefined;
  let isOpen = false;
  // Until the first open, and from a close until the next open, calls wait here instead of
  // writing to a socket that is gone.
  const waitForOpen = () => {
    ready = new Promise((resolve) => (markOpen = resolve));
  };
  waitForOpen();
  let retryMs = 250;
  let inbox: Promise<void> = Promise.resolve();
  const pickupBase = new URL(url);
  pickupBase.protocol = pickupBase.protocol === 'wss:' ? 'https:' : 'http:';

  /** A frame with bytes: fetched from the host by its one-time id (electron/host/pickups.ts). */
  const fetchPickup = async (id: string): Promise<ArrayBuffer> => {
    const response = await fetch(new URL(`/pickup/${encodeURIComponent(id)}`, pickupBase), { cache: 'no-store', credentials: 'omit' });
    if (!response.ok) throw new Error(`the host answered ${response.status} for its bytes`);
    return response.arrayBuffer();
  };

  const receive = async (data: unknown): Promise<void> => {
    let frame: ServerFrame;
    try {
      const decoded = decodeWire(typeof data === 'string' ? data : (data as ArrayBuffer)) as ServerFrame | PickupFrame;
      frame = decoded.type === 'pickup' ? (decodeWire(await fetchPickup(decoded.id)) as ServerFrame) : decoded;
    } catch (error) {
      // Nothing is lost: an unanswered store request times out in the engine, which then deletes nothing.
      console.warn(`[transport] dropped an unreadable frame: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (frame.type === 'result') {
      pending.get(frame.id)?.(frame.result as Result<unknown>);
      pending.delete(frame.id);
    } else {
      for (const l of listeners) l(frame.name, frame.payload);
    }
  };

  const open = () => {
    socket = new WebSocket(url);
    // Sync batches arrive as binary frames; their byte arrays are views into this one buffer.
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('open', () => {
      retryMs = 250;
      isOpen = true;
      markOpen();
    });
    socket.addEventListener('message', (event) => {
      const data: unknown = event.data;
      // Frames are handled strictly in order, so one whose bytes are still being fetched holds
      // back the ones after it.
      inbox = inbox.then(() => receive(data));
    });
    socket.addEventListener('close', () => {
      if (isOpen) waitForOpen();
      isOpen = false;
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

  const worker = new URL(url);
  worker.searchParams.set('role', 'store');
  return {
    workerUrl: worker.href,
    async call(name, input) {
      await ready;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        const message = encodeWire({ type: 'call', id, name, input });
        socket.send(typeof message === 'string' ? message : joinParts(message));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
