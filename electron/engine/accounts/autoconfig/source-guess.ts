import type { Security } from '../../../contract';
import type { DiscoveryProtocol, ProbeResult } from '../../../contract/wizard';
import { probeServer } from '../probe/probe-server';
import { defaultUsernames, type Finding, type SourceContext, type SourceOutcome } from './findings';

/** The host names worth trying per protocol (issue 5 §1.5), most likely first. */
export const guessPrefixes: Record<DiscoveryProtocol, string[]> = {
  imap: ['imap', 'mail'],
  pop3: ['pop3', 'pop', 'mail'],
  smtp: ['smtp', 'mail'],
};

interface HostGuess {
  protocol: DiscoveryProtocol;
  host: string;
  found: { port: number; security: Security; probe: ProbeResult } | null;
}

/**
 * Tries `<prefix>.<domain>` with a real greeting and CAPABILITY / CAPA / EHLO: implicit TLS on the
 * TLS port first (RFC 8314), then STARTTLS on the plain port. A server that offers no encryption
 * at all is still reported (security "none"), last, so the user can decide with the risk named.
 * Everything found here is unverified: anyone can answer on a guessed name.
 */
export async function guessSource(ctx: SourceContext, protocols: DiscoveryProtocol[] = ['imap', 'pop3', 'smtp']): Promise<SourceOutcome> {
  const { domain } = ctx.parts;
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.config.timeouts.guessMs)]);
  const env = {
    timeoutMs: ctx.config.timeouts.probeMs,
    signal,
    ...(ctx.lookup ? { lookup: ctx.lookup } : {}),
    ...(ctx.config.extraCa ? { extraCa: ctx.config.extraCa } : {}),
  };
  const tryHost = async (protocol: DiscoveryProtocol, host: string): Promise<HostGuess> => {
    const ports = ctx.config.guessPorts[protocol];
    ctx.looking(host);
    const tls = await probeServer({ protocol, host, port: ports.tls, security: 'tls' }, env);
    if (tls.speaks && !tls.error) return { protocol, host, found: { port: ports.tls, security: 'tls', probe: tls } };
    if (tls.error?.code === 'host_not_found' || signal.aborted) return { protocol, host, found: null };
    const starttls = await probeServer({ protocol, host, port: ports.starttls, security: 'starttls' }, env);
    if (starttls.speaks && !starttls.error)
      return { protocol, host, found: { port: ports.starttls, security: 'starttls', probe: starttls } };
    if (starttls.speaks && starttls.error?.code === 'tls_failed' && !starttls.starttlsOffered) {
      return { protocol, host, found: { port: ports.starttls, security: 'none', probe: starttls } };
    }
    return { protocol, host, found: null };
  };

  const guesses = await Promise.all(
    protocols.flatMap((protocol) => guessPrefixes[protocol].map((prefix) => tryHost(protocol, `${prefix}.${domain}`))),
  );
  if (ctx.signal.aborted) return { state: 'stopped', findings: [], subject: domain };

  const findings: Finding[] = guesses.flatMap((g) =>
    g.found
      ? [
          {
            protocol: g.protocol,
            host: g.host,
            port: g.found.port,
            security: g.found.security,
            usernames: defaultUsernames(ctx.parts),
            authentication: ['password-cleartext' as const],
            verified: false,
            source: 'guess' as const,
            evidence: `${g.host} answered on port ${g.found.port}`,
          },
        ]
      : [],
  );
  if (findings.length > 0) return { state: 'found', findings, subject: domain };
  return { state: signal.aborted ? 'timeout' : 'nothing', findings: [], subject: domain };
}
