import { useLiveQuery } from 'dexie-react-hooks';
import { type DragEvent, useState } from 'react';

import type { Account } from '../../../electron/contract';
import { useServices } from '../../app/app-context';
import { countUnifiedUnread } from '../../store/queries/count-unified-unread';
import { listFoldersUnread } from '../../store/queries/list-folders-unread';
import { nextServerRemoval } from '../../store/queries/next-server-removal';
import { AccountStatusLine, CheckMailButton } from '../status/AccountStatusLine';
import { accountModeLabel, keptUntilLabel, policyLabel } from '../where-mail-lives/wording';
import type { ThemeChoice } from './layout/theme';
import { DRAG_TYPE } from './MessageList';
import { NotifySetting } from './notify/NotifySetting';
import type { NotifyControls } from './notify/use-new-mail-notifications';

export type SidebarPlace = { kind: 'unified' } | { kind: 'folder'; folderId: string } | { kind: 'storage'; accountId: string };

const dragIds = (event: DragEvent): string[] | null => {
  try {
    const ids: unknown = JSON.parse(event.dataTransfer.getData(DRAG_TYPE));
    return Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? ids : null;
  } catch {
    return null;
  }
};

function AccountFolders({
  account,
  place,
  onSelect,
  onDrop,
}: {
  account: Account;
  place: SidebarPlace;
  onSelect(folderId: string): void;
  onDrop(folderId: string, ids: string[]): void;
}) {
  const { db } = useServices();
  const folders = useLiveQuery(() => listFoldersUnread(db, account.id), [db, account.id]) ?? [];
  const [over, setOver] = useState<string | null>(null);
  return (
    <ul className="folders" aria-label={`${account.name} folders`}>
      {folders.map((f) => {
        const selected = place.kind === 'folder' && place.folderId === f.id;
        return (
          <li key={f.id}>
            <button
              type="button"
              className={`folder${selected ? ' selected' : ''}${over === f.id ? ' drop-over' : ''}`}
              aria-current={selected ? 'true' : undefined}
              aria-label={`${f.name}${f.unread ? `, ${f.unread} unread` : ''}`}
              title={f.local ? 'A folder on this computer' : 'A folder on the server'}
              onClick={() => onSelect(f.id)}
              onDragOver={(e) => {
                if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
                e.preventDefault();
                e.dataTransfer.dropEffect = 'move';
                setOver(f.id);
              }}
              onDragLeave={() => setOver((o) => (o === f.id ? null : o))}
              onDrop={(e) => {
                setOver(null);
                const ids = dragIds(e);
                if (!ids) return;
                e.preventDefault();
                onDrop(f.id, ids);
              }}
            >
              <span className="folder-name">{f.name}</span>
              {f.unread > 0 && (
                <span className="count" aria-hidden="true">
                  {f.unread}
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** "POP3 — downloaded to this computer · server copy kept 14 days after download · next server copies go 12 Dec" */
function AccountWhere({ account }: { account: Account }) {
  const { db } = useServices();
  const policy = account.mode === 'pop3' ? account.pop3?.policy : undefined;
  const removal = useLiveQuery(
    () => (policy?.kind === 'keep-days' ? nextServerRemoval(db, account.id, policy.days) : Promise.resolve(null)),
    [db, account.id, policy?.kind, policy?.kind === 'keep-days' ? policy.days : 0],
  );
  return (
    <>
      <p className="where" data-testid="account-mode">
        {accountModeLabel(account)}
        {policy && <> · {policyLabel(policy)}</>}
      </p>
      {removal && <p className="where kept-until">{keptUntilLabel(removal.at, removal.count)}</p>}
    </>
  );
}

export function Sidebar(props: {
  accounts: Account[];
  place: SidebarPlace;
  onPlace(place: SidebarPlace): void;
  onCheck(accountId: string): void;
  onAddAccount(): void;
  onAccountSettings(accountId: string): void;
  onDropMessages(folderId: string, ids: string[]): void;
  theme: ThemeChoice;
  onTheme(theme: ThemeChoice): void;
  onHelp(): void;
  notify: NotifyControls;
}) {
  const { db } = useServices();
  const unifiedUnread = useLiveQuery(() => countUnifiedUnread(db), [db]) ?? 0;
  const unified = props.place.kind === 'unified';
  return (
    <nav className="sidebar" aria-label="Accounts and folders">
      {props.accounts.length > 1 && (
        <button
          type="button"
          className={`folder unified${unified ? ' selected' : ''}`}
          aria-current={unified ? 'true' : undefined}
          aria-label={`All inboxes${unifiedUnread ? `, ${unifiedUnread} unread` : ''}`}
          onClick={() => props.onPlace({ kind: 'unified' })}
        >
          <span className="folder-name">All inboxes</span>
          {unifiedUnread > 0 && (
            <span className="count" aria-hidden="true">
              {unifiedUnread}
            </span>
          )}
        </button>
      )}
      {props.accounts.map((account) => {
        const storageOpen = props.place.kind === 'storage' && props.place.accountId === account.id;
        return (
          <section key={account.id} className="account" aria-label={account.name}>
            <header className="account-head">
              <h2>{account.name}</h2>
              <AccountWhere account={account} />
              <AccountStatusLine account={account} />
              <div className="account-actions">
                <CheckMailButton account={account} onCheck={props.onCheck} />
                <button
                  type="button"
                  className="small"
                  aria-pressed={storageOpen}
                  aria-label={`Storage for ${account.name}`}
                  onClick={() => props.onPlace({ kind: 'storage', accountId: account.id })}
                >
                  Storage
                </button>
                <button
                  type="button"
                  className="small"
                  aria-label={`Settings for ${account.name}`}
                  onClick={() => props.onAccountSettings(account.id)}
                >
                  Settings
                </button>
              </div>
            </header>
            <AccountFolders
              account={account}
              place={props.place}
              onSelect={(folderId) => props.onPlace({ kind: 'folder', folderId })}
              onDrop={props.onDropMessages}
            />
          </section>
        );
      })}
      <div className="sidebar-foot">
        <button type="button" className="add-account" onClick={props.onAddAccount}>
          Add account…
        </button>
        <label className="theme-choice">
          Theme
          <select value={props.theme} onChange={(e) => props.onTheme(e.target.value as ThemeChoice)}>
            <option value="system">Same as the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <NotifySetting notify={props.notify} />
        <button type="button" className="small" onClick={props.onHelp} aria-keyshortcuts="Shift+?">
          Keyboard shortcuts
        </button>
      </div>
    </nav>
  );
}
