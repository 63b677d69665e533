import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Binary frames (sync batches with their sources, message bytes) go to the page by HTTP, not as
 * WebSocket messages: the socket carries `{ type: 'pickup', id }` and the page fetches
 * `/pickup/<id>`. Measured in Chromium, 44 MB as four WebSocket messages cost 1.0–2.2 s of CPU to
 * receive (1–3 s of wall time); the same bytes as one fetch() body, 0.37 s. The frame's bytes are
 * exactly those `encodeWire` gives, so decoding is unchanged.
 *
 * The id is 16 random bytes sent only over the authenticated socket, and works once: it is the
 * capability (GET requests carry no token). A frame never fetched (page gone, fetch failed) is
 * dropped after PICKUP_TTL_MS or when its socket closes; the engine then gets no answer for it and,
 * as with any unanswered store request, deletes nothing.
 */
export const PICKUP_TTL_MS = 60_000;

interface Held {
  owner: object;
  parts: Uint8Array[];
  length: number;
  timer: ReturnType<typeof setTimeout>;
}

export interface Pickups {
  /** Keeps the parts of one binary frame for `owner` (its socket); returns the id to send it. */
  hold(owner: object, parts: Uint8Array[]): string;
  /** Answers GET /pickup/<id>: the frame's bytes, once; 404 for an unknown or used id. */
  serve(id: string, req: IncomingMessage, res: ServerResponse): void;
  /** Forgets every frame held for `owner` (its socket closed). */
  dropFor(owner: object): void;
  /** How many frames are waiting (tests). */
  size(): number;
  clear(): void;
}

export const createPickups = (ttlMs = PICKUP_TTL_MS): Pickups => {
  const held = new Map<string, Held>();
  const forget = (id: string) => {
    const entry = held.get(id);
    if (entry) clearTimeout(entry.timer);
    held.delete(id);
  };
  return {
    hold(owner, parts) {
      const id = randomBytes(16).toString('base64url');
      const timer = setTimeout(() => held.delete(id), ttlMs);
      timer.unref?.();
      held.set(id, { owner, parts, length: parts.reduce((n, p) => n + p.byteLength, 0), timer });
      return id;
    },
    serve(id, req, res) {
      // Only our own page fetches these; a request another site makes the browser send is refused
      // even if it guessed an id (browsers that send no Sec-Fetch-Site are not ours either way).
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin') {
        res.writeHead(403).end();
        return;
      }
      const entry = held.get(id);
      if (!entry) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
        return;
      }
      forget(id);
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(entry.length),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Cross-Origin-Resource-Policy': 'same-origin',
        'Referrer-Policy': 'no-referrer',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      // One corked write: the parts (a header and ~1,000 message sources per batch) leave as a few
      // large writev calls, not a syscall and a loopback TCP segment each (10,000 messages: the
      // engine's CPU 4.5 -> 4.2 s). They are in memory already, so buffering them costs nothing.
      res.on('error', () => res.destroy());
      res.cork();
      for (const part of entry.parts) res.write(part);
      res.end();
    },
    dropFor(owner) {
      for (const [id, entry] of held) if (entry.owner === owner) forget(id);
    },
    size: () => held.size,
    clear() {
      for (const id of [...held.keys()]) forget(id);
    },
  };
};
