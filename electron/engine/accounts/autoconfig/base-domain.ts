/**
 * Second-level public suffixes common enough to matter for mail hosting. Without them,
 * "mx.provider.co.uk" would be taken to belong to "co.uk". The full Public Suffix List (e.g. the
 * `tldts` package) would be exact; this short list covers the big country registries.
 */
const twoLabelSuffixes = new Set([
  'co.uk',
  'org.uk',
  'ac.uk',
  'gov.uk',
  'me.uk',
  'net.uk',
  'com.au',
  'net.au',
  'org.au',
  'edu.au',
  'co.nz',
  'net.nz',
  'org.nz',
  'co.jp',
  'ne.jp',
  'or.jp',
  'ac.jp',
  'co.kr',
  'or.kr',
  'com.br',
  'net.br',
  'org.br',
  'com.cn',
  'net.cn',
  'org.cn',
  'com.tw',
  'com.hk',
  'com.sg',
  'com.my',
  'co.in',
  'net.in',
  'org.in',
  'co.za',
  'org.za',
  'com.mx',
  'com.ar',
  'com.tr',
  'com.pl',
  'com.ua',
  'co.il',
  'co.id',
  'co.th',
]);

/** The registrable domain of a host: "aspmx.l.google.com" → "google.com", "mx.isp.co.uk" → "isp.co.uk". */
export function registrableDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const lastTwo = labels.slice(-2).join('.');
  return labels.slice(twoLabelSuffixes.has(lastTwo) ? -3 : -2).join('.');
}

/**
 * The domains to ask about a mail exchanger, as Thunderbird does: the MX host without its first
 * label, then its registrable domain. The user's own domain is left out (asked about already).
 */
export function mxLookupDomains(mxHost: string, ownDomain: string): string[] {
  const host = mxHost.toLowerCase().replace(/\.$/, '');
  const labels = host.split('.');
  const candidates = [labels.length > 2 ? labels.slice(1).join('.') : host, registrableDomain(host)];
  return [...new Set(candidates)].filter((d) => d !== ownDomain && d.includes('.'));
}
