import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';

import { classifyAddress } from './address-class';
import { refusedAddressWords } from './remote-url';

/** The error a refused address surfaces as, from `request`'s 'error' event. */
export class RefusedAddressError extends Error {
  override readonly name = 'RefusedAddressError';
  readonly code = 'EHOMING_REFUSED_ADDRESS';
}

/**
 * A `lookup` for `http(s).request` that refuses names resolving to this computer or its local
 * network. It runs inside the connect, so the address judged is the address connected to — also
 * on every redirect hop — and a DNS answer that changes between a check and the connect
 * (DNS rebinding) cannot slip through. If any address of a name is refused, the name is: a public
 * host has no reason to also resolve to 10.0.0.1.
 */
export const guardedLookup =
  (resolve: typeof dnsLookup = dnsLookup): LookupFunction =>
  (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      for (const a of addresses) {
        const cls = classifyAddress(a.address);
        if (cls !== 'public') return callback(new RefusedAddressError(refusedAddressWords(hostname, a.address, cls)), '', 0);
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily), otherwise for one.
      if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      return callback(null, first.address, first.family);
    });
  };
