import { useLiveQuery } from 'dexie-react-hooks';

import type { Account, AccountStatus } from '../../../electron/contract';
import { useServices } from '../../app/app-context';
import { listFolders } from '../../store/queries/list-folders';
import { describeError } from '../errors/plain-words';
import { accountModeLabel, policyLabel } from '../where-mail-lives/wording';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

const statusLine = (status: AccountStatus | undefined): string => {
  if (!status) return 'Not checked yet';
  switch (status.state) {
    case 'checking':
      return status.detail ?? 'Checking mail…';
    case 'error':
      return status.error ? describeError(status.error) : 'The last check failed';
    case 'reconnecting':
      return status.nextCheckAt ? `Reconnecting at ${timeFormat.format(status.nextCheckAt)}` : 'Reconnecting…';
    case 'offline':
      return 'Offline';
    default:
      return `${status.detail ? `${status.detail} · ` : ''}${status.lastCheckedAt ? `last checked ${timeFormat.format(status.lastCheckedAt)}` : ''}`;
  }
};

function AccountFolders({ account, selected, onSelect }: { account: Account; selected: string | null; onSelect(folderId: string): void }) {
  const { db } = useServices();
  const folders = useLiveQuery(() => listFolders(db, account.id), [db, account.id]) ?? [];
  return (
    <ul className="folders" role="group" aria-label={`${account.name} folders`}>
      {folders.map((f) => (
        <li key={f.id}>
          <button
            type="button"
            className={selected === f.id ? 'folder selected' : 'folder'}
            aria-current={selected === f.id ? 'true' : undefined}
            aria-label={`${f.name}${f.unread ? `, ${f.unread} unread` : ''}`}
            onClick={() => onSelect(f.id)}
          >
            <span className="folder-name">{f.name}</span>
            {f.unread > 0 && <span className="count" aria-hidden="true">{f.unread}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function Sidebar(props: {
  accounts: Account[];
  status: Record<string, AccountStatus>;
  selectedFolder: string | null;
  onSelectFolder(folderId: string): void;
  onCheck(accountId: string): void;
  onAddAccount(): void;
}) {
  return (
    <nav className="sidebar" aria-label="Accounts and folders">
      {props.accounts.map((account) => {
        const status = props.status[account.id];
        return (
          <section key={account.id} className="account" aria-label={account.name}>
            <header className="account-head">
              <h2>{account.name}</h2>
              <p className="where" data-testid="account-mode">
                {accountModeLabel(account)}
                {account.mode === 'pop3' && account.pop3 && <> · {policyLabel(account.pop3.policy)}</>}
              </p>
              <p className={`status status-${status?.state ?? 'idle'}`} role="status" aria-live="polite">
                {statusLine(status)}
              </p>
              <button type="button" className="small" onClick={() => props.onCheck(account.id)} disabled={status?.state === 'checking'}>
                Check mail
              </button>
            </header>
            <AccountFolders account={account} selected={props.selectedFolder} onSelect={props.onSelectFolder} />
          </section>
        );
      })}
      <button type="button" className="add-account" onClick={props.onAddAccount}>
        Add account…
      </button>
    </nav>
  );
}
