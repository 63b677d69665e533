import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import type { LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';

/**
 * The two pieces every GET of the engine shares (autoconfig files, a message's remote images):
 * opening the request and reading a capped body. What to send, which redirects to follow and how
 * to word a failure stay with each caller.
 */

export interface OpenGetOptions {
  signal: AbortSignal;
  headers: Record<string, string>;
  /** Resolves the host; the remote-content SSRF guard judges the address here (remote/guarded-lookup.ts). */
  lookup?: LookupFunction;
  /** Tests only: a CA trusted besides the system roots. */
  extraCa?: string;
  /** Overrides the URL's port (tests send names to a loopback port). */
  port?: number;
  /** TLS server name, when the host connected to is not the name to verify. */
  servername?: string;
}

/**
 * One GET; resolves once the answer's headers are in. No agent (no socket kept for reuse, nothing
 * shared between requests); certificate checks stay on, so a bad certificate fails the request.
 */
export const openGet = (url: URL, opts: OpenGetOptions): Promise<IncomingMessage> =>
  new Promise((resolve, reject) => {
    const port = opts.port ?? (url.port ? Number(url.port) : undefined);
    const options = {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      ...(port === undefined ? {} : { port }),
      path: `${url.pathname}${url.search}`,
      headers: opts.headers,
      signal: opts.signal,
      agent: false as const,
      ...(opts.lookup ? { lookup: opts.lookup } : {}),
    };
    const req =
      url.protocol === 'https:'
        ? httpsGet(
            {
              ...options,
              ...(opts.servername ? { servername: opts.servername } : {}),
              ...(opts.extraCa ? { ca: [...rootCertificates, opts.extraCa] } : {}),
            },
            resolve,
          )
        : httpGet(options, resolve);
    req.on('error', reject);
  });

/**
 * The whole body, as a fresh array of exactly its size (Node's small buffers share a pool; a view
 * on one would carry unrelated memory along). `accept` sees every chunk's length first and may
 * refuse it with an error: the answer is then destroyed and the read rejects with that error. An
 * abort of `signal`, an error of the answer, or its close before the end rejects too.
 */
export const readBody = (
  response: IncomingMessage,
  signal: AbortSignal,
  accept: (chunkBytes: number) => Error | null,
): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (err: Error | null) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (err) {
        response.destroy();
        reject(err);
        return;
      }
      const out = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    };
    const onAbort = () => settle(new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    response.on('data', (chunk: Buffer) => {
      if (settled) return;
      const refused = accept(chunk.length);
      if (refused) return settle(refused);
      size += chunk.length;
      chunks.push(chunk);
    });
    response.on('end', () => settle(null));
    response.on('error', (err) => settle(err));
    response.on('close', () => settle(new Error('The server closed the connection before the answer was complete.')));
  });
