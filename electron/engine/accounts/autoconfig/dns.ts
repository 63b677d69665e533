import { type LookupAddress, type LookupOptions, promises as dnsPromises } from 'node:dns';
import { isIP } from 'node:net';

type Resolver = dnsPromises.Resolver;

/**
 * One resolver per discovery run, so stopping a run cancels exactly its own queries
 * (Resolver#cancel) and nothing else the engine is doing.
 */
export function createResolver(servers: string[] | undefined, timeoutMs: number): Resolver {
  const resolver = new dnsPromises.Resolver({ timeout: timeoutMs, tries: 1 });
  if (servers) resolver.setServers(servers);
  return resolver;
}

/** DNS answers that mean "there is no such record", as opposed to "could not ask". */
const noAnswerCodes = new Set(['ENOTFOUND', 'ENODATA', 'NOTFOUND', 'NODATA', 'ENONAME', 'EREFUSED']);

export const isNoAnswer = (err: unknown): boolean => noAnswerCodes.has(String((err as { code?: unknown })?.code ?? ''));

export type LookupFunction = (
  hostname: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/**
 * A `lookup` for net/tls/http that asks `resolver` (A, then AAAA) instead of the system, so a
 * test's DNS server decides where discovery connects. Without injected servers the engine passes
 * no lookup at all and the system resolver (with /etc/hosts) is used, as for any other program.
 */
export function resolverLookup(resolver: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    const family = isIP(hostname);
    if (family) {
      callback(null, options.all ? [{ address: hostname, family }] : hostname, family);
      return;
    }
    const want = options.family === 6 || options.family === 'IPv6' ? [6] : options.family === 4 || options.family === 'IPv4' ? [4] : [4, 6];
    void (async () => {
      const found: LookupAddress[] = [];
      let lastError: unknown;
      for (const f of want) {
        try {
          const addresses = f === 4 ? await resolver.resolve4(hostname) : await resolver.resolve6(hostname);
          for (const address of addresses) found.push({ address, family: f });
        } catch (err) {
          lastError = err;
        }
        if (found.length > 0 && !options.all) break;
      }
      if (found.length === 0) {
        const code = isNoAnswer(lastError) ? 'ENOTFOUND' : String((lastError as { code?: unknown })?.code ?? 'ENOTFOUND');
        const err: NodeJS.ErrnoException = Object.assign(new Error(`${code} ${hostname}`), { code, hostname });
        callback(err, options.all ? [] : '', undefined);
        return;
      }
      if (options.all) callback(null, found);
      else callback(null, found[0]!.address, found[0]!.family);
    })();
  };
}

/** Node's resolver has no AbortSignal; the discovery cancels the resolver itself, this only stops waiting. */
export function withSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(Object.assign(new Error('stopped'), { code: 'ECANCELLED' }));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(Object.assign(new Error('stopped'), { code: 'ECANCELLED' }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
