/**
 * Says how many remote resources this message asked for and whether they were loaded, and offers
 * to load them. The count is the sanitizer's list of distinct remote URLs, so "Load" loads
 * exactly what was counted.
 */
export function RemoteContentBar({
  count,
  allowed,
  sender,
  senderTrusted,
  failed = 0,
  loading = false,
  onLoadOnce,
  onTrustSender,
}: {
  count: number;
  allowed: boolean;
  sender: string | undefined;
  senderTrusted: boolean;
  /** Allowed remote images that still did not load. */
  failed?: number;
  /** Homing is fetching them now. */
  loading?: boolean;
  onLoadOnce(): void;
  onTrustSender(trusted: boolean): void;
}) {
  if (count === 0) return null;
  const things = count === 1 ? '1 remote image or file' : `${count} remote images or files`;
  if (allowed) {
    return (
      <div className="remote-bar remote-bar-loaded" role="status" aria-label="Remote content">
        <span>
          {loading ? 'Loading' : 'Showing'} {things} from the internet
          {senderTrusted && sender ? `, as you chose for mail from ${sender}` : ' for this message'}
          {loading ? '…' : '.'}
          {!loading && failed > 0 && (
            <strong className="warning">
              {' '}
              {failed === 1 ? 'One of them' : `${failed} of them`} could not be loaded: {failed === 1 ? 'its server' : 'their servers'} did
              not answer, or sent something that is not an image or font, or too much.
            </strong>
          )}
        </span>
        {senderTrusted && sender && (
          <button type="button" className="small" onClick={() => onTrustSender(false)}>
            Stop loading for this sender
          </button>
        )}
      </div>
    );
  }
  return (
    <div className="remote-bar" role="status" aria-label="Remote content">
      <span>Homing blocked {things} in this message. Loading them tells the sender that, when and where you read it.</span>
      <span className="remote-bar-actions">
        <button type="button" className="small" onClick={onLoadOnce}>
          Load for this message
        </button>
        {sender && (
          <button
            type="button"
            className="small"
            onClick={() => onTrustSender(true)}
            title={`Always load remote content in mail that says it is from ${sender}`}
          >
            Always for this sender
          </button>
        )}
      </span>
    </div>
  );
}
