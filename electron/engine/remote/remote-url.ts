import { isIP } from 'node:net';

import { type AddressClass, addressClassWords, classifyAddress } from './address-class';

export type UrlCheck = { ok: true; url: URL } | { ok: false; error: string };

/** The words for an address the guard refuses (shared by URL literals and resolved names). */
export const refusedAddressWords = (host: string, address: string, cls: Exclude<AddressClass, 'public'>): string =>
  `${host === address ? address : `${host} (${address})`} is ${addressClassWords[cls]}; a message may not make Homing reach it.`;

/**
 * May the engine fetch this URL for a message? Only http(s), no user name or password (a phishing
 * trick, and the engine must never send credentials), and — unless the guard is off — no IP
 * literal on this computer or its local network. Names are checked again after DNS (see
 * guarded-lookup.ts): a literal never goes through a lookup, so it must be judged here. Pure.
 */
export const checkRemoteUrl = (raw: string, allowPrivateAddresses = false): UrlCheck => {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, error: 'This is not a complete web address.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, error: `Homing loads remote content only from web (http, https) addresses, not ${url.protocol} ones.` };
  if (url.username || url.password)
    return { ok: false, error: 'This address carries a user name or password in it; Homing does not load it.' };
  if (!url.hostname) return { ok: false, error: 'This address names no server.' };
  // The URL parser already normalized tricks like http://2130706433/ or http://0x7f.1/ to 127.0.0.1.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivateAddresses && isIP(host)) {
    const cls = classifyAddress(host);
    if (cls !== 'public') return { ok: false, error: refusedAddressWords(host, host, cls) };
  }
  return { ok: true, url };
};
