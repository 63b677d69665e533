import type { IncomingMessage } from 'node:http';

import { openGet, readBody } from '../../net/http-get';
import type { LookupFunction } from './dns';

export interface HttpGetOptions {
  signal: AbortSignal;
  /** The whole exchange, redirects included. */
  timeoutMs: number;
  lookup?: LookupFunction;
  /** Tests only: a CA trusted besides the system roots. */
  extraCa?: string;
  /** Tests only: the port for URLs that name none, by scheme. */
  ports?: { http: number; https: number };
  maxBytes?: number;
  maxRedirects?: number;
}

export type HttpAnswer =
  /** `secure`: every hop was HTTPS with a verified certificate, so nobody on the path could have changed it. */
  { kind: 'ok'; body: string; url: string; secure: boolean } | { kind: 'missing'; status: number };

export class HttpGetError extends Error {
  override readonly name = 'HttpGetError';
  constructor(
    readonly reason: 'timeout' | 'aborted' | 'failed' | 'too-large' | 'no-server',
    message: string,
  ) {
    super(message);
  }
}

/**
 * GET for small configuration files: time-boxed, cancellable, size-capped, at most a few
 * redirects, and never from a redirect that leaves http(s). Certificate checks stay on; a
 * self-signed autoconfig server simply does not answer (Thunderbird behaves the same).
 */
export async function httpGetText(url: string, opts: HttpGetOptions): Promise<HttpAnswer> {
  const maxBytes = opts.maxBytes ?? 256 * 1024;
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  const signal = AbortSignal.any([opts.signal, deadline]);
  let secure = true;
  let current = new URL(url);
  for (let hop = 0; hop <= (opts.maxRedirects ?? 3); hop++) {
    if (current.protocol !== 'https:' && current.protocol !== 'http:')
      throw new HttpGetError('failed', `refused to follow a ${current.protocol} URL`);
    if (current.protocol === 'http:') secure = false;
    let response: IncomingMessage;
    try {
      response = await request(current, signal, opts);
    } catch (err) {
      if (opts.signal.aborted) throw new HttpGetError('aborted', 'stopped');
      if (deadline.aborted) throw new HttpGetError('timeout', `no answer within ${opts.timeoutMs} ms`);
      const code = (err as { code?: string }).code;
      // No such host, or nobody listening: the provider simply has no autoconfig server there.
      if (code === 'ENOTFOUND' || code === 'ECONNREFUSED') throw new HttpGetError('no-server', code);
      throw new HttpGetError('failed', code ?? (err as Error).message);
    }
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      current = new URL(response.headers.location, current);
      continue;
    }
    if (status !== 200) {
      response.resume();
      return { kind: 'missing', status };
    }
    const body = await readText(response, maxBytes, signal).catch((err: unknown) => {
      if (err instanceof HttpGetError) throw err;
      if (opts.signal.aborted) throw new HttpGetError('aborted', 'stopped');
      if (deadline.aborted) throw new HttpGetError('timeout', `no answer within ${opts.timeoutMs} ms`);
      throw new HttpGetError('failed', (err as Error).message);
    });
    return { kind: 'ok', body, url: current.toString(), secure };
  }
  throw new HttpGetError('failed', 'too many redirects');
}

const request = (url: URL, signal: AbortSignal, opts: HttpGetOptions): Promise<IncomingMessage> =>
  openGet(url, {
    signal,
    // The Host header keeps the name even when a test sends the request to another port.
    headers: { Host: url.host, Accept: 'application/xml, text/xml;q=0.9, */*;q=0.1', 'User-Agent': 'Homing' },
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? (opts.ports?.https ?? 443) : (opts.ports?.http ?? 80),
    servername: url.hostname,
    ...(opts.lookup ? { lookup: opts.lookup } : {}),
    ...(opts.extraCa ? { extraCa: opts.extraCa } : {}),
  });

/** The body as UTF-8 text, at most `maxBytes`. */
const readText = async (response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<string> => {
  let size = 0;
  const bytes = await readBody(response, signal, (chunk) =>
    (size += chunk) > maxBytes ? new HttpGetError('too-large', `answer larger than ${maxBytes} bytes`) : null,
  );
  return new TextDecoder().decode(bytes);
};
