import type { Account } from '../../../electron/contract';
import { progressOf, statusLine } from './status-words';
import { useAccountStatus } from './use-account-status';

/** "Checking mail…" with a progress bar for long syncs, or "Last checked 12:04". */
export function AccountStatusLine({ account }: { account: Account }) {
  const live = useAccountStatus(account.id);
  const bar = progressOf(live?.status, live?.progress);
  return (
    <>
      <p className={`status status-${live?.status?.state ?? 'idle'}`} role="status" aria-live="polite">
        {statusLine(live?.status)}
      </p>
      {bar && (
        <div className="sync-progress">
          <progress max={bar.total} value={bar.done} aria-label={`Syncing ${account.name}`} aria-valuetext={bar.label} />
          <span className="muted" aria-hidden="true">
            {bar.label}
          </span>
        </div>
      )}
    </>
  );
}

/** The account's "Check mail" button, disabled while it checks. */
export function CheckMailButton({ account, onCheck }: { account: Account; onCheck(accountId: string): void }) {
  const live = useAccountStatus(account.id);
  return (
    <button
      type="button"
      className="small"
      onClick={() => onCheck(account.id)}
      disabled={live?.status?.state === 'checking'}
      aria-label={`Check mail for ${account.name}`}
    >
      Check mail
    </button>
  );
}
