/** What the user checks before trusting a certificate: who it names, who signed it, when, and its fingerprint. */
export function CertificateFacts({ detail }: { detail: Record<string, string> }) {
  return (
    <dl className="certificate" aria-label="Certificate details">
      <dt>Issued to</dt>
      <dd>{detail.subject || 'Not stated'}</dd>
      <dt>Issued by</dt>
      <dd>{detail.issuer || 'Not stated'}</dd>
      <dt>Valid</dt>
      <dd>
        from {detail.validFrom || '?'} until {detail.validTo || '?'}
      </dd>
      <dt>SHA-256 fingerprint</dt>
      <dd>
        <code>{detail.fingerprint256}</code>
      </dd>
    </dl>
  );
}
