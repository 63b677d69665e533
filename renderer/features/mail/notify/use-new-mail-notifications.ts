import { useEffect, useRef, useState } from 'react';

import type { Account } from '../../../../electron/contract';
import { useServices } from '../../../app/app-context';
import { type Arrival, ARRIVALS_CHANNEL } from '../../../store/arrivals';
import { type MailNotice, noticesFor } from './mail-notices';
import { recentlyMoved } from './moved-mail';
import { NewMailWatcher } from './new-mail-watcher';
import { loadNotifySetting, saveNotifySetting } from './notify-setting';

export interface NotifyControls {
  enabled: boolean;
  setEnabled(on: boolean): void;
  permission: NotificationPermission | 'unsupported';
  /** Asks the browser; call from a click (browsers ignore requests without a user gesture). */
  askPermission(): void;
}

const notificationsExist = (): boolean => typeof Notification === 'function';

const isArrivalList = (value: unknown): value is Arrival[] =>
  Array.isArray(value) && value.every((a) => typeof a === 'object' && a !== null && typeof (a as Arrival).id === 'string');

/**
 * New-mail notifications (the Notification API): the store worker announces the rows each batch
 * added (store/arrivals.ts), NewMailWatcher groups them into checks, noticesFor decides what to
 * say. Clicking one focuses the window and opens the message (`onOpen`).
 */
export const useNewMailNotifications = ({
  accounts,
  onOpen,
}: {
  accounts: Account[];
  onOpen(notice: MailNotice): void;
}): NotifyControls => {
  const { client, db } = useServices();
  const [enabled, setEnabledState] = useState(loadNotifySetting);
  // Read at every render: the browser (or a site setting) can change it while the window is open.
  const [, setAsked] = useState(0);
  const permission = notificationsExist() ? Notification.permission : 'unsupported';
  const live = useRef({ enabled, accounts, onOpen });
  live.current = { enabled, accounts, onOpen };
  const watcherRef = useRef<NewMailWatcher | null>(null);
  const watched = useRef(new Set<string>());
  const startedWith = useRef<Set<string> | null>(null);

  useEffect(() => {
    const show = (notice: MailNotice) => {
      if (!notificationsExist() || Notification.permission !== 'granted') return;
      // One notification per account at a time: a newer check replaces the older one.
      const n = new Notification(notice.title, { body: notice.body, tag: `homing-new-mail-${notice.accountId}` });
      n.onclick = () => {
        window.focus();
        live.current.onOpen(notice);
        n.close();
      };
    };
    const watcher = new NewMailWatcher({
      setTimer: (run, ms) => setTimeout(run, ms),
      clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
      flush: (accountId, arrivals, firstSync) => {
        void db.folders
          .bulkGet([...new Set(arrivals.map((a) => a.folderId))])
          .then((folders) => {
            const notices = noticesFor(arrivals, {
              enabled: live.current.enabled,
              firstSync: firstSync ? new Set([accountId]) : new Set(),
              moved: recentlyMoved(),
              inboxes: new Set(folders.flatMap((f) => (f?.role === 'inbox' ? [f.id] : []))),
              accountNames: new Map(live.current.accounts.map((a) => [a.id, a.name])),
            });
            notices.forEach(show);
          })
          .catch(() => undefined);
      },
    });
    watcherRef.current = watcher;
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(ARRIVALS_CHANNEL) : null;
    if (channel) channel.onmessage = (event: MessageEvent<unknown>) => isArrivalList(event.data) && watcher.arrived(event.data);
    const off = client.on('account:status', (s) => watcher.status(s));
    return () => {
      off();
      channel?.close();
      watcher.stop();
      watcherRef.current = null;
    };
  }, [client, db]);

  // Accounts present when the window opened had mail or not (read from the store's totals);
  // accounts added later start with their first sync.
  useEffect(() => {
    const watcher = watcherRef.current;
    if (!watcher) return;
    const initial = startedWith.current === null;
    if (initial) startedWith.current = new Set(accounts.map((a) => a.id));
    for (const account of accounts) {
      if (watched.current.has(account.id)) continue;
      watched.current.add(account.id);
      if (!initial) watcher.watch(account.id, false);
      else void db.accountStats.get(account.id).then((stats) => watcher.watch(account.id, (stats?.messages ?? 0) > 0));
    }
  }, [accounts, db]);

  const askPermission = () => {
    if (notificationsExist() && Notification.permission === 'default')
      void Notification.requestPermission().then(() => setAsked((n) => n + 1));
  };
  const setEnabled = (on: boolean) => {
    setEnabledState(on);
    saveNotifySetting(on);
    if (on) askPermission();
  };
  return { enabled, setEnabled, permission, askPermission };
};
