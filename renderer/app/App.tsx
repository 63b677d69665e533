import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';

import { MailWindow } from '../features/mail/MailWindow';
import { AccountSettingsPanel } from '../features/setup/AccountSettingsPanel';
import { AddAccount } from '../features/setup/AddAccount';
import { listAccounts } from '../store/queries/list-accounts';
import { useServices } from './app-context';

export function App() {
  const { db } = useServices();
  // Accounts come from the local store, written there by the engine through the store writer.
  const accounts = useLiveQuery(() => listAccounts(db), [db]);
  const [adding, setAdding] = useState(false);
  const [settingsFor, setSettingsFor] = useState<string | null>(null);

  if (accounts === undefined) return <p className="loading">Opening your mail…</p>;
  if (accounts.length === 0 || adding) {
    return <AddAccount onDone={() => setAdding(false)} {...(accounts.length > 0 ? { onCancel: () => setAdding(false) } : {})} />;
  }
  const settingsAccount = settingsFor ? accounts.find((a) => a.id === settingsFor) : undefined;
  if (settingsAccount) {
    return (
      <AccountSettingsPanel
        key={settingsAccount.id}
        account={settingsAccount}
        onClose={() => setSettingsFor(null)}
        onRemoved={() => setSettingsFor(null)}
      />
    );
  }
  return <MailWindow accounts={accounts} onAddAccount={() => setAdding(true)} onAccountSettings={setSettingsFor} />;
}
