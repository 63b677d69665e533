import { useEffect, useState } from 'react';

import type { Account } from '../../../electron/contract';
import { useServices } from '../../app/app-context';
import { useAccountStatus } from '../status/use-account-status';
import { MessageList } from './MessageList';
import { Reader } from './Reader';
import { Sidebar } from './Sidebar';

export function MailWindow({ accounts, onAddAccount }: { accounts: Account[]; onAddAccount(): void }) {
  const { client } = useServices();
  const { status } = useAccountStatus();
  const [folderId, setFolderId] = useState<string | null>(null);
  const [messageId, setMessageId] = useState<string | null>(null);

  useEffect(() => {
    if (!folderId && accounts[0]) setFolderId(`${accounts[0].id}/INBOX`);
  }, [accounts, folderId]);

  return (
    <div className="mail-window">
      <Sidebar
        accounts={accounts}
        status={status}
        selectedFolder={folderId}
        onSelectFolder={(id) => {
          setFolderId(id);
          setMessageId(null);
        }}
        onCheck={(accountId) => void client.call('sync:now', { accountId })}
        onAddAccount={onAddAccount}
      />
      <section className="list-pane" aria-label="Message list">
        {folderId && <MessageList folderId={folderId} selected={messageId} onOpen={setMessageId} />}
      </section>
      <section className="reading-pane" aria-label="Reading pane">
        {messageId ? <Reader messageId={messageId} /> : <p className="empty">Select a message to read it.</p>}
      </section>
    </div>
  );
}
