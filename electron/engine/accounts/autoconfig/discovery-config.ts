import type { DiscoveryProtocol } from '../../../contract/wizard';

/** Which ports guessing tries, per protocol: implicit TLS first, then STARTTLS. */
export type GuessPortMap = Record<DiscoveryProtocol, { tls: number; starttls: number }>;

/** RFC 8314 §3.3 (IMAPS 993, POP3S 995, submissions 465), RFC 3501/1939 (143, 110), RFC 6409 (587). */
export const standardGuessPorts: GuessPortMap = {
  imap: { tls: 993, starttls: 143 },
  pop3: { tls: 995, starttls: 110 },
  smtp: { tls: 465, starttls: 587 },
};

export interface DiscoveryTimeouts {
  /** One HTTP request (ISPDB, provider URL), connection to last byte. */
  httpMs: number;
  /** One DNS query (MX, SRV, A). */
  dnsMs: number;
  /** One protocol probe: connect, TLS, greeting, capabilities. */
  probeMs: number;
  /** All of guessing together. */
  guessMs: number;
  /** One sign-in test (accounts:test / retest): connecting and the greeting, per server. */
  signInMs: number;
}

/**
 * Everything discovery reaches out to, injectable so tests point it at a local HTTP server and a
 * local DNS server (dnsmasq) instead of the internet. Serializable: the browser host and the
 * Electron main process pass it through unchanged.
 */
export interface DiscoveryOptions {
  /** Thunderbird's ISPDB; `<base><domain>` is fetched. */
  ispdbBaseUrl?: string;
  /** DNS servers as "ip" or "ip:port"; default: the system's. Used for MX, SRV and every host name discovery connects to. */
  resolverServers?: string[];
  /** Tests only: provider autoconfig URLs connect to these ports instead of 80 / 443. */
  httpPorts?: { http?: number; https?: number };
  /** Tests only: a CA (PEM, may hold several) trusted for HTTPS, probes and sign-in tests in addition to the system roots. */
  extraCa?: string;
  guessPorts?: Partial<GuessPortMap>;
  timeouts?: Partial<DiscoveryTimeouts>;
  /** Homing's built-in provider table; on by default. */
  builtin?: boolean;
}

export interface DiscoveryConfig {
  ispdbBaseUrl: string;
  resolverServers: string[] | undefined;
  httpPorts: { http: number; https: number };
  extraCa: string | undefined;
  guessPorts: GuessPortMap;
  timeouts: DiscoveryTimeouts;
  builtin: boolean;
}

export const defaultIspdbBaseUrl = 'https://autoconfig.thunderbird.net/v1.1/';

export const defaultTimeouts: DiscoveryTimeouts = { httpMs: 8_000, dnsMs: 5_000, probeMs: 6_000, guessMs: 25_000, signInMs: 20_000 };

export function resolveDiscoveryConfig(opts: DiscoveryOptions = {}): DiscoveryConfig {
  const base = opts.ispdbBaseUrl ?? defaultIspdbBaseUrl;
  return {
    ispdbBaseUrl: base.endsWith('/') ? base : `${base}/`,
    resolverServers: opts.resolverServers && opts.resolverServers.length > 0 ? [...opts.resolverServers] : undefined,
    httpPorts: { http: opts.httpPorts?.http ?? 80, https: opts.httpPorts?.https ?? 443 },
    extraCa: opts.extraCa,
    guessPorts: {
      imap: opts.guessPorts?.imap ?? standardGuessPorts.imap,
      pop3: opts.guessPorts?.pop3 ?? standardGuessPorts.pop3,
      smtp: opts.guessPorts?.smtp ?? standardGuessPorts.smtp,
    },
    timeouts: { ...defaultTimeouts, ...opts.timeouts },
    builtin: opts.builtin ?? true,
  };
}
