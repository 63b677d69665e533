import { isIPv4, isIPv6 } from 'node:net';

/**
 * Where an IP address points, for the remote-content SSRF guard: a message must never make this
 * computer probe itself or its local network (a router admin page, a printer, a cloud metadata
 * service at 169.254.169.254). Pure: plain strings in, a class out.
 */
export type AddressClass =
  'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'shared' | 'reserved' | 'invalid';

/** The words the reader shows for each refused class. */
export const addressClassWords: Record<Exclude<AddressClass, 'public'>, string> = {
  loopback: 'this computer itself',
  private: 'a private local network',
  'link-local': 'the local network link',
  unspecified: 'no real address (0.0.0.0 or ::)',
  multicast: 'a multicast group',
  shared: "a provider's shared network (100.64.0.0/10)",
  reserved: 'a reserved range',
  invalid: 'not a valid address',
};

const ipv4Octets = (ip: string): number[] | null => {
  if (!isIPv4(ip)) return null;
  return ip.split('.').map(Number);
};

export const classifyIPv4 = (ip: string): AddressClass => {
  const o = ipv4Octets(ip);
  if (!o) return 'invalid';
  const [a, b] = o as [number, number, number, number];
  if (a === 0) return 'unspecified'; // 0.0.0.0/8 "this network": connecting to 0.0.0.0 reaches localhost on Linux.
  if (a === 127) return 'loopback';
  if (a === 10) return 'private';
  if (a === 172 && b >= 16 && b <= 31) return 'private';
  if (a === 192 && b === 168) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 100 && b >= 64 && b <= 127) return 'shared'; // RFC 6598 carrier-grade NAT
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved'; // 240/4 and the 255.255.255.255 broadcast
  return 'public';
};

/** Eight 16-bit groups, or null. Accepts `::` compression, a dotted IPv4 tail and a `%zone`. */
export const ipv6Groups = (ip: string): number[] | null => {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!isIPv6(bare)) return null;
  let text = bare.toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const o = ipv4Octets(tail[1]!);
    if (!o) return null;
    text = `${text.slice(0, tail.index)}${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const fill = rest === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...new Array<number>(fill).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
};

export const classifyIPv6 = (ip: string): AddressClass => {
  const g = ipv6Groups(ip);
  if (!g) return 'invalid';
  const embedded = () => `${g[6]! >> 8}.${g[6]! & 0xff}.${g[7]! >> 8}.${g[7]! & 0xff}`;
  const firstFiveZero = g.slice(0, 5).every((x) => x === 0);
  // ::ffff:a.b.c.d (IPv4-mapped) connects to the IPv4 address itself, so it is judged as that.
  if (firstFiveZero && g[5] === 0xffff) return classifyIPv4(embedded());
  if (firstFiveZero && g[5] === 0) {
    if (g[6] === 0 && g[7] === 0) return 'unspecified';
    if (g[6] === 0 && g[7] === 1) return 'loopback';
    // ::a.b.c.d (deprecated IPv4-compatible): some stacks still route it to the IPv4 address.
    return classifyIPv4(embedded()) === 'public' ? 'reserved' : classifyIPv4(embedded());
  }
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((first & 0xffc0) === 0xfec0) return 'private'; // fec0::/10 deprecated site-local
  if ((first & 0xff00) === 0xff00) return 'multicast'; // ff00::/8
  // NAT64 (64:ff9b::/96) reaches the embedded IPv4 address through the local translator.
  if (first === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    const v4 = classifyIPv4(embedded());
    if (v4 !== 'public') return v4;
  }
  return 'public';
};

/** Either family; anything that is not an IP address is 'invalid'. */
export const classifyAddress = (ip: string): AddressClass => {
  if (isIPv4(ip)) return classifyIPv4(ip);
  return classifyIPv6(ip);
};
