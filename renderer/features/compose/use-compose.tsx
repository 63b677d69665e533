import './compose.css';

import { useLiveQuery } from 'dexie-react-hooks';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';

import type { Account } from '../../../electron/contract';
import type { ComposeMode, Draft } from '../../../electron/contract/compose';
import type { HomingClient } from '../../api/client';
import { useServices } from '../../app/app-context';
import type { HomingDb } from '../../store/db';
import { describeError } from '../errors/plain-words';
import { suggestAddresses } from './address-suggestions';
import { composeApi } from './compose-api';
import { Composer } from './Composer';
import { OutboxPanel } from './OutboxPanel';

export interface ComposeControls {
  /** Opens a composer: new, or a reply / forward of a stored message. */
  start(accountId: string, mode: ComposeMode, messageId?: string): void;
  /** Reopens a saved draft. */
  resume(draftId: string): void;
  /** Opens a message saved in Drafts (by another client, or earlier here) for editing. */
  edit(messageId: string): void;
  /** The composer (when open), the Outbox and the notices; render once in the mail window. */
  element: ReactNode;
}

/**
 * Everything the mail window needs for writing mail, in one hook: it starts composers through the
 * engine, offers drafts left open when the app last closed, and shows the Outbox.
 */
export const useCompose = ({ client, db, accounts }: { client: HomingClient; db: HomingDb; accounts: Account[] }): ComposeControls => {
  const api = useMemo(() => composeApi(client), [client]);
  const [open, setOpen] = useState<Draft | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [leftOpen, setLeftOpen] = useState<Draft[]>([]);

  useEffect(() => {
    let live = true;
    void api.call('compose:listDrafts', {}).then((r) => {
      if (live && r.ok) setLeftOpen(r.value);
    });
    return () => {
      live = false;
    };
  }, [api]);

  const start = useCallback(
    (accountId: string, mode: ComposeMode, messageId?: string) => {
      void api.call('compose:start', { accountId, mode, ...(messageId ? { messageId } : {}) }).then((r) => {
        if (r.ok) setOpen(r.value);
        else setNotice(describeError(r.error));
      });
    },
    [api],
  );
  const resume = useCallback(
    (draftId: string) => {
      void api.call('compose:open', { draftId }).then((r) => {
        if (r.ok) {
          setOpen(r.value);
          setLeftOpen((list) => list.filter((d) => d.id !== draftId));
        } else setNotice(describeError(r.error));
      });
    },
    [api],
  );
  const edit = useCallback(
    (messageId: string) => {
      void api.call('compose:fromMessage', { messageId }).then((r) => {
        if (r.ok) {
          setOpen(r.value);
          setLeftOpen((list) => list.filter((d) => d.id !== r.value.id));
        } else setNotice(describeError(r.error));
      });
    },
    [api],
  );
  const suggest = useCallback((typed: string) => suggestAddresses(db, typed), [db]);

  const element = (
    <>
      {notice && (
        <p role="status" className="compose-notice">
          {notice}{' '}
          <button type="button" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </p>
      )}
      {!open && leftOpen.length > 0 && (
        <section aria-label="Unfinished drafts" className="compose-drafts">
          <p>Messages you were writing:</p>
          <ul>
            {leftOpen.map((d) => (
              <li key={d.id}>
                <button type="button" onClick={() => resume(d.id)}>
                  Continue “{d.subject || '(no subject)'}”
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {open && (
        <div
          role="dialog"
          aria-modal="false"
          aria-label={open.subject ? `Write: ${open.subject}` : 'New message'}
          className="compose-dialog"
        >
          <Composer
            key={open.id}
            api={api}
            accounts={accounts}
            initial={open}
            suggest={suggest}
            onClose={(result) => {
              setOpen(null);
              if (result.kind === 'sent') setNotice('Message sent.');
              else if (result.kind === 'queued')
                setNotice(
                  `The message is in the Outbox and will be sent when the server can be reached. ${result.entry?.lastError ? describeError(result.entry.lastError) : ''}`,
                );
              else if (result.kind === 'uncertain') setNotice('The message may have been sent; see the Outbox.');
              else if (result.kind === 'closed') setNotice('Draft saved.');
            }}
          />
        </div>
      )}
      <OutboxPanel api={api} onEdit={resume} />
    </>
  );

  return { start, resume, edit, element };
};

/** Whether the message is in a Drafts folder (by the folder's role, IMAP SPECIAL-USE or POP3's local one). */
const useInDrafts = (messageId: string): boolean => {
  const { db } = useServices();
  return (
    useLiveQuery(async () => {
      const message = await db.messages.get(messageId);
      const folder = message ? await db.folders.get(message.folderId) : undefined;
      return folder?.role === 'drafts';
    }, [db, messageId]) ?? false
  );
};

/** Reply, reply all and forward for the open message; "Edit draft" for one in Drafts. */
export function ComposeActions({
  compose,
  accountId,
  messageId,
}: {
  compose: Pick<ComposeControls, 'start' | 'edit'>;
  accountId: string;
  messageId: string;
}) {
  const inDrafts = useInDrafts(messageId);
  return (
    <div role="group" aria-label="Answer">
      {inDrafts && (
        <button type="button" className="primary" onClick={() => compose.edit(messageId)}>
          Edit draft
        </button>
      )}
      <button type="button" onClick={() => compose.start(accountId, 'reply', messageId)}>
        Reply
      </button>
      <button type="button" onClick={() => compose.start(accountId, 'replyAll', messageId)}>
        Reply all
      </button>
      <button type="button" onClick={() => compose.start(accountId, 'forward', messageId)}>
        Forward
      </button>
      <button type="button" onClick={() => compose.start(accountId, 'forwardAsAttachment', messageId)}>
        Forward as attachment
      </button>
    </div>
  );
}
