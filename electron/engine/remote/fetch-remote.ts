import type { IncomingMessage } from 'node:http';

import type { RemoteItem } from '../../contract/remote';
import { type Logger, silentLogger } from '../log';
import { openGet, readBody } from '../net/http-get';
import { guardedLookup, RefusedAddressError } from './guarded-lookup';
import { checkRemoteContentType } from './remote-content-type';
import { checkRemoteUrl } from './remote-url';

export interface RemoteFetchOptions {
  /** Per resource, redirects included: connect, headers and body. */
  timeoutMs: number;
  /** Per resource; the download is cut as soon as it passes this. */
  maxBytes: number;
  /** All resources of one call together. */
  maxTotalBytes: number;
  maxRedirects: number;
  /** Requests in flight at once. */
  parallel: number;
  /** Off by default: tests and e2e serve images from 127.0.0.1. Never on in the app. */
  allowPrivateAddresses: boolean;
  /** Tests only: a CA trusted besides the system roots. */
  extraCa?: string;
}

export const defaultRemoteFetchOptions: RemoteFetchOptions = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxTotalBytes: 25 * 1024 * 1024,
  maxRedirects: 5,
  parallel: 4,
  allowPrivateAddresses: false,
};

type Outcome = { ok: true; contentType: string; bytes: Uint8Array } | { ok: false; error: string };

/** Bytes downloaded by this call so far, shared by its requests in flight. */
interface Budget {
  used: number;
}

class Refused extends Error {}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const megabytes = (n: number): string => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;

/**
 * Fetches a message's remote images and fonts for the reader, which shows them as blob: URLs (the
 * mail frame itself never reaches the network). One item per input URL, in order; the same URL is
 * fetched once. Nothing identifies the user beyond the request itself: no cookies, no Referer, a
 * plain User-Agent, no credentials. A failure is an item with plain words, never a throw.
 */
export const fetchRemote = async (
  urls: string[],
  options: Partial<RemoteFetchOptions> = {},
  log: Logger = silentLogger,
): Promise<RemoteItem[]> => {
  const opts = { ...defaultRemoteFetchOptions, ...options };
  const budget: Budget = { used: 0 };
  const byKey = new Map<string, { check: ReturnType<typeof checkRemoteUrl>; outcome?: Outcome }>();
  const keys = urls.map((raw) => {
    const check = checkRemoteUrl(raw, opts.allowPrivateAddresses);
    const key = check.ok ? check.url.href : `invalid:${raw}`;
    if (!byKey.has(key)) byKey.set(key, { check });
    return key;
  });

  const queue = [...byKey.values()];
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const { check } = entry;
      entry.outcome = check.ok ? await fetchOne(check.url, opts, budget) : { ok: false, error: check.error };
    }
  };
  // At most `parallel` requests at once: a message with 100 images must not open 100 connections.
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.parallel, queue.length)) }, worker));

  const items = urls.map((url, i): RemoteItem => {
    const o = byKey.get(keys[i]!)!.outcome!;
    return o.ok
      ? { url, ok: true, contentType: o.contentType, bytes: o.bytes, error: null }
      : { url, ok: false, contentType: null, bytes: null, error: o.error };
  });
  // Counts only: the URLs themselves (their query strings above all) can identify the reader.
  const loaded = [...byKey.values()].filter((e) => e.outcome?.ok).length;
  log.info(
    `remote:fetch ${urls.length} URL(s), ${byKey.size} distinct: ${loaded} loaded, ${byKey.size - loaded} refused or failed, ${megabytes(budget.used)}`,
  );
  return items;
};

const fetchOne = async (start: URL, opts: RemoteFetchOptions, budget: Budget): Promise<Outcome> => {
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  let url = start;
  try {
    for (let hop = 0; ; hop++) {
      let response: IncomingMessage | undefined;
      try {
        response = await send(url, deadline, opts);
        const status = response.statusCode ?? 0;
        if (REDIRECTS.has(status)) {
          const location = response.headers.location;
          if (!location) throw new Refused(`The server answered ${status} (a redirect) without saying where to.`);
          if (hop >= opts.maxRedirects) throw new Refused(`The server redirected more than ${opts.maxRedirects} times.`);
          // Every hop is judged like the first: a redirect may not lead to file:, credentials or this network.
          const next = checkRemoteUrl(URL.canParse(location, url) ? new URL(location, url).href : location, opts.allowPrivateAddresses);
          if (!next.ok) throw new Refused(`The server redirected to an address Homing does not load: ${next.error}`);
          url = next.url;
          continue;
        }
        if (status < 200 || status > 299)
          throw new Refused(`The server answered ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}.`);
        const type = checkRemoteContentType(response.headers['content-type']);
        if (!type.ok) throw new Refused(type.error);
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > opts.maxBytes) throw new Refused(`It is larger than ${megabytes(opts.maxBytes)}.`);
        const bytes = await readCapped(response, opts, budget, deadline);
        return { ok: true, contentType: type.contentType, bytes };
      } finally {
        // agent: false, so no socket is kept for reuse; whatever is left of this answer is dropped.
        response?.destroy();
      }
    }
  } catch (err) {
    return { ok: false, error: describeFailure(err, url, opts, deadline) };
  }
};

const send = (url: URL, signal: AbortSignal, opts: RemoteFetchOptions): Promise<IncomingMessage> =>
  openGet(url, {
    signal,
    // What a privacy-minded browser would send for an <img>, minus everything that identifies:
    // no Cookie, no Referer, no Accept-Language, a User-Agent that says only "Homing".
    headers: { 'User-Agent': 'Homing', Accept: 'image/*,font/*;q=0.9' },
    // The SSRF guard: the resolved address is judged inside the connect (see guarded-lookup.ts).
    ...(opts.allowPrivateAddresses ? {} : { lookup: guardedLookup() }),
    ...(opts.extraCa ? { extraCa: opts.extraCa } : {}),
  });

/** The body within this resource's cap and what is left of the call's; what is dropped does not count against the others. */
const readCapped = async (
  response: IncomingMessage,
  opts: RemoteFetchOptions,
  budget: Budget,
  signal: AbortSignal,
): Promise<Uint8Array> => {
  let size = 0;
  try {
    return await readBody(response, signal, (bytes) => {
      size += bytes;
      budget.used += bytes;
      if (size > opts.maxBytes) return new Refused(`It is larger than ${megabytes(opts.maxBytes)}.`);
      if (budget.used > opts.maxTotalBytes)
        return new Refused(`This message's remote content together is larger than ${megabytes(opts.maxTotalBytes)}.`);
      return null;
    });
  } catch (err) {
    budget.used -= size;
    throw err;
  }
};

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|ERR_TLS|ERR_SSL/;

const describeFailure = (err: unknown, url: URL, opts: RemoteFetchOptions, deadline: AbortSignal): string => {
  if (err instanceof Refused || err instanceof RefusedAddressError) return err.message;
  if (deadline.aborted) return `The server did not answer within ${Math.round(opts.timeoutMs / 100) / 10} seconds.`;
  const code = (err as { code?: string }).code ?? '';
  const host = url.hostname;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `No server named ${host} was found.`;
  if (code === 'ECONNREFUSED') return `${host} refused the connection.`;
  if (code === 'ECONNRESET' || code === 'EPIPE') return `${host} cut the connection.`;
  if (TLS_CODES.test(code)) return `The secure connection to ${host} could not be verified (${code}), so nothing was loaded from it.`;
  return `Could not load it: ${code || (err as Error).message || 'unknown error'}.`;
};
