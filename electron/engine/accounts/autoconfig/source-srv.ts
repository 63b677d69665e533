import type { SrvRecord } from 'node:dns';

import type { Security } from '../../../contract';
import type { DiscoveryProtocol } from '../../../contract/wizard';
import { isNoAnswer, withSignal } from './dns';
import { isHostName } from './email-address';
import { defaultUsernames, type Finding, type SourceContext, type SourceOutcome, withinDomain } from './findings';

/** RFC 6186 §3 service labels (plus RFC 8314 §5.1 `_submissions` for implicit-TLS submission). */
export const srvServices: { label: string; protocol: DiscoveryProtocol; security: Security }[] = [
  { label: '_imaps._tcp', protocol: 'imap', security: 'tls' },
  { label: '_imap._tcp', protocol: 'imap', security: 'starttls' },
  { label: '_pop3s._tcp', protocol: 'pop3', security: 'tls' },
  { label: '_pop3._tcp', protocol: 'pop3', security: 'starttls' },
  { label: '_submissions._tcp', protocol: 'smtp', security: 'tls' },
  { label: '_submission._tcp', protocol: 'smtp', security: 'starttls' },
];

/**
 * Orders one service's records: lowest priority first (RFC 2782), heavier weight first within a
 * priority. (RFC 2782 picks randomly by weight for load spreading; a settings screen wants one
 * stable answer.) A single record with target "." means "not offered here" (RFC 2782, RFC 6186 §3.4).
 */
export function usableSrvRecords(records: SrvRecord[]): SrvRecord[] {
  if (records.length === 1 && (records[0]!.name === '.' || records[0]!.name === '')) return [];
  return records
    .filter((r) => r.name && r.name !== '.' && r.port > 0 && isHostName(r.name.replace(/\.$/, '')))
    .sort((a, b) => a.priority - b.priority || b.weight - a.weight);
}

/**
 * RFC 6186 SRV records. DNS is not authenticated, so a record is verified only when its target is
 * inside the user's domain: the certificate check then binds the server to that domain
 * (RFC 6186 §6). Targets elsewhere need the user's confirmation.
 */
export async function srvSource(ctx: SourceContext): Promise<SourceOutcome> {
  const { domain } = ctx.parts;
  ctx.looking(domain);
  const answers = await Promise.all(
    srvServices.map(async (service) => {
      try {
        return { service, records: await withSignal(ctx.resolver.resolveSrv(`${service.label}.${domain}`), ctx.signal), error: null };
      } catch (err) {
        return { service, records: [] as SrvRecord[], error: err };
      }
    }),
  );
  if (ctx.signal.aborted) return { state: 'stopped', findings: [], subject: domain };
  const findings: Finding[] = [];
  for (const { service, records } of answers) {
    for (const record of usableSrvRecords(records)) {
      const host = record.name.replace(/\.$/, '').toLowerCase();
      findings.push({
        protocol: service.protocol,
        host,
        port: record.port,
        security: service.security,
        usernames: defaultUsernames(ctx.parts),
        authentication: ['password-cleartext'],
        verified: withinDomain(host, domain),
        source: 'srv',
        evidence: `${service.label}.${domain}`,
      });
    }
  }
  if (findings.length > 0) return { state: 'found', findings, subject: domain };
  const failures = answers.map((a) => a.error).filter((e) => e && !isNoAnswer(e));
  if (failures.length === 0) return { state: 'nothing', findings: [], subject: domain };
  const codes = failures.map((e) => String((e as { code?: unknown }).code ?? 'error'));
  return {
    state: codes.every((c) => c === 'ETIMEOUT') ? 'timeout' : 'failed',
    findings: [],
    subject: domain,
    problem: `SRV lookups: ${[...new Set(codes)].join(', ')}`,
  };
}
