import { certificateTime, formatCertificateDate } from './certificate-dates';

/** What the user checks before trusting a certificate: who it names, who signed it, when, and its fingerprint. */
export function CertificateFacts({ detail, now = Date.now() }: { detail: Record<string, string>; now?: number }) {
  const time = certificateTime(detail, now);
  return (
    <dl className="certificate" aria-label="Certificate details">
      <dt>Issued to</dt>
      <dd>{detail.subject || 'Not stated'}</dd>
      <dt>Issued by</dt>
      <dd>{detail.issuer || 'Not stated'}</dd>
      <dt>Valid</dt>
      <dd>
        from {formatCertificateDate(detail.validFrom)} until {formatCertificateDate(detail.validTo)}
        {time === 'expired' && <strong className="expired"> — EXPIRED on {formatCertificateDate(detail.validTo)}</strong>}
        {time === 'not-yet-valid' && <strong className="expired"> — NOT VALID YET</strong>}
      </dd>
      <dt>SHA-256 fingerprint</dt>
      <dd>
        <code>{detail.fingerprint256}</code>
      </dd>
    </dl>
  );
}
