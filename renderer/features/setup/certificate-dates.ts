/**
 * A certificate's validity in words. Expiry is decided from its dates, not from OpenSSL's reason:
 * for a self-signed certificate OpenSSL stops at "self-signed" and never says "expired", yet the
 * user must hear both before trusting it.
 */

export type CertificateTime = 'valid' | 'expired' | 'not-yet-valid' | 'unknown';

/** OpenSSL's "Jan  1 00:00:00 2021 GMT" (Node's valid_to) as "1 January 2021"; unreadable text is shown as it came. */
export function formatCertificateDate(text: string | undefined): string {
  if (!text) return 'an unknown date';
  const ms = Date.parse(text);
  return Number.isNaN(ms)
    ? text
    : new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(ms));
}

export function certificateTime(detail: { validFrom?: string; validTo?: string; reason?: string }, now: number): CertificateTime {
  const from = Date.parse(detail.validFrom ?? '');
  const to = Date.parse(detail.validTo ?? '');
  if (!Number.isNaN(to) && to < now) return 'expired';
  if (!Number.isNaN(from) && from > now) return 'not-yet-valid';
  if (detail.reason === 'CERT_HAS_EXPIRED') return 'expired';
  if (detail.reason === 'CERT_NOT_YET_VALID') return 'not-yet-valid';
  return Number.isNaN(to) ? 'unknown' : 'valid';
}

/** The consent's own words: trusting an expired certificate must name the expiry. */
export function trustLabel(detail: { validFrom?: string; validTo?: string; reason?: string }, now: number): string {
  switch (certificateTime(detail, now)) {
    case 'expired':
      return `Trust this certificate for this account only, although it expired on ${formatCertificateDate(detail.validTo)}`;
    case 'not-yet-valid':
      return `Trust this certificate for this account only, although it is valid only from ${formatCertificateDate(detail.validFrom)}`;
    default:
      return 'Trust this one certificate for this account only';
  }
}
