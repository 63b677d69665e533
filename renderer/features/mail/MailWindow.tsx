import { useLiveQuery } from 'dexie-react-hooks';
import { type CSSProperties, useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';

import type { Account } from '../../../electron/contract';
import { useServices } from '../../app/app-context';
import { countIndexBacklog, INDEX_BACKLOG_CAP } from '../../store/queries/count-index-backlog';
import { getMessages } from '../../store/queries/get-messages';
import { ComposeActions, useCompose } from '../compose/use-compose';
import { ErrorBoundary } from '../errors/ErrorBoundary';
import { SearchBox } from '../search/SearchBox';
import { ServerSearch } from '../search/ServerSearch';
import { useDebounced } from '../search/use-debounced';
import { StorageView } from '../storage/StorageView';
import { ConfirmDialog } from './actions/ConfirmDialog';
import { MessageToolbar } from './actions/MessageToolbar';
import { MoveMenu } from './actions/MoveMenu';
import { Toasts } from './actions/Toasts';
import { useMailActions } from './actions/use-mail-actions';
import { FolderActions } from './FolderActions';
import { HelpOverlay } from './keyboard/HelpOverlay';
import { useShortcuts } from './keyboard/use-shortcuts';
import { clampPanes, LIMITS, loadPanes, type PaneWidths, savePanes } from './layout/panes';
import { Splitter } from './layout/Splitter';
import { applyTheme, loadTheme, type ThemeChoice } from './layout/theme';
import { defaultOrder, type ListOrder, type ListSource } from './list/list-source';
import { emptySelection, openMessageId, selectionReducer } from './list/selection';
import { MessageList, type MessageListHandle } from './MessageList';
import { useNewMailNotifications } from './notify/use-new-mail-notifications';
import { Reader } from './Reader';
import { Sidebar, type SidebarPlace } from './Sidebar';
import { THREAD_WINDOW } from './threads/thread-rows';
import { loadThreadSetting, saveThreadSetting } from './threads/thread-setting';

type ListPlace = { kind: 'unified' } | { kind: 'folder'; folderId: string };

/**
 * The mail window: folders · message list · reading pane. Persisted mail comes from the store
 * (useLiveQuery); what is transient (selection, panes, dialogs) lives here in small reducers.
 */
export function MailWindow({
  accounts,
  onAddAccount,
  onAccountSettings,
}: {
  accounts: Account[];
  onAddAccount(): void;
  onAccountSettings(accountId: string): void;
}) {
  const { client, db } = useServices();
  const folders = useLiveQuery(() => db.folders.toArray(), [db]) ?? [];
  const [listPlace, setListPlace] = useState<ListPlace | null>(null);
  const [storageFor, setStorageFor] = useState<string | null>(null);
  const [quota, setQuota] = useState<{ usedBytes: number; limitBytes: number } | null>(null);
  useEffect(() => {
    setQuota(null);
    if (!storageFor) return;
    let live = true;
    // Asked when the storage view opens: a quota is a server fact, not stored locally.
    void client.call('account:quota', { accountId: storageFor }).then((r) => {
      if (live && r.ok) setQuota(r.value);
    });
    return () => {
      live = false;
    };
  }, [client, storageFor]);
  const [query, setQuery] = useState('');
  const [scope, setScope] = useState<string | null>(null);
  const settledQuery = useDebounced(query.trim(), 40);
  const [order, setOrder] = useState<ListOrder>(defaultOrder);
  const [selection, dispatch] = useReducer(selectionReducer, emptySelection);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [moreResults, setMoreResults] = useState(false);
  const onTotal = useCallback((n: number | undefined, more: boolean) => {
    setTotal(n);
    setMoreResults(more);
  }, []);
  const [showHelp, setShowHelp] = useState(false);
  const [showMove, setShowMove] = useState(false);
  const [panes, setPanes] = useState<PaneWidths>(loadPanes);
  const [theme, setTheme] = useState<ThemeChoice>(loadTheme);
  const listRef = useRef<MessageListHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const readerRef = useRef<HTMLElement>(null);
  const actions = useMailActions({ client, accounts, folders });
  const compose = useCompose({ client, db, accounts });

  useEffect(() => applyTheme(theme), [theme]);

  // Start in the first account's inbox (or all inboxes when there are several accounts).
  useEffect(() => {
    if (listPlace || !accounts[0]) return;
    setListPlace(accounts.length > 1 ? { kind: 'unified' } : { kind: 'folder', folderId: `${accounts[0].id}/INBOX` });
  }, [accounts, listPlace]);

  // Conversation view: remembered on or off; which threads are open and how many messages are
  // threaded belong to the folder on screen and start over with the next one.
  const [threadsOn, setThreadsOn] = useState(loadThreadSetting);
  const [expanded, setExpanded] = useState<{ folderId: string | null; keys: ReadonlySet<string>; window: number }>({
    folderId: null,
    keys: new Set(),
    window: THREAD_WINDOW,
  });
  const placeFolderId = listPlace?.kind === 'folder' ? listPlace.folderId : null;
  const threadState =
    expanded.folderId === placeFolderId ? expanded : { folderId: placeFolderId, keys: new Set<string>(), window: THREAD_WINDOW };
  const toggleThread = useCallback(
    (key: string, expand: boolean) =>
      setExpanded((prev) => {
        const base = prev.folderId === placeFolderId ? prev : { folderId: placeFolderId, keys: new Set<string>(), window: THREAD_WINDOW };
        const keys = new Set(base.keys);
        if (expand) keys.add(key);
        else keys.delete(key);
        return { ...base, keys };
      }),
    [placeFolderId],
  );
  const olderThreads = useCallback(
    () =>
      setExpanded((prev) => ({
        ...threadState,
        keys: prev.folderId === placeFolderId ? prev.keys : new Set(),
        window: threadState.window + THREAD_WINDOW,
      })),
    [threadState, placeFolderId],
  );

  const source: ListSource | null = useMemo(() => {
    if (settledQuery) return { kind: 'search', query: settledQuery, accountId: scope };
    if (!listPlace) return null;
    if (listPlace.kind === 'unified') return { kind: 'unified' };
    return threadsOn
      ? { kind: 'threads', folderId: listPlace.folderId, window: threadState.window, expanded: threadState.keys }
      : { kind: 'folder', folderId: listPlace.folderId };
  }, [settledQuery, scope, listPlace, threadsOn, threadState.window, threadState.keys]);

  // Only while searching: what the index cannot find yet (newly stored mail waits for the indexer).
  const searching = source?.kind === 'search';
  const indexBacklog = useLiveQuery(() => (searching ? countIndexBacklog(db) : 0), [db, searching]);

  const selectedIds = useMemo(() => [...selection.ids], [selection.ids]);
  const selected = useLiveQuery(() => getMessages(db, selectedIds), [db, selectedIds.join('|')]) ?? [];
  // Actions read the selection fresh: the live query above may still hold the previous one.
  const selectionRef = useRef(selection);
  selectionRef.current = selection;
  const freshSelected = useCallback(() => getMessages(db, [...selectionRef.current.ids]), [db]);
  const openId = openMessageId(selection);
  const currentFolder = listPlace?.kind === 'folder' ? folders.find((f) => f.id === listPlace.folderId) : undefined;
  // The server is offered for an IMAP folder: the one open, or the inbox of the account searched in.
  const searchFolder = currentFolder ?? (scope ? folders.find((f) => f.accountId === scope && f.role === 'inbox') : undefined);
  const serverFolder =
    searchFolder &&
    (scope === null || scope === searchFolder.accountId) &&
    accounts.some((a) => a.id === searchFolder.accountId && a.mode === 'imap')
      ? searchFolder
      : undefined;
  const accountIds = new Set(selected.map((m) => m.accountId));
  const moveTargets = accountIds.size === 1 ? folders.filter((f) => f.accountId === selected[0]!.accountId) : [];
  const canArchive = selected.length > 0 && [...accountIds].every((id) => folders.some((f) => f.accountId === id && f.role === 'archive'));

  const place: SidebarPlace = storageFor ? { kind: 'storage', accountId: storageFor } : (listPlace ?? { kind: 'unified' });
  const onPlace = useCallback((next: SidebarPlace) => {
    if (next.kind === 'storage') {
      setStorageFor(next.accountId);
      return;
    }
    setStorageFor(null);
    setListPlace(next);
    setQuery('');
    dispatch({ type: 'clear' });
  }, []);

  const notify = useNewMailNotifications({
    accounts,
    onOpen: (notice) => {
      onPlace({ kind: 'folder', folderId: notice.folderId });
      dispatch({ type: 'open', id: notice.openId });
    },
  });

  const shortcuts = useShortcuts({
    db,
    source,
    order,
    selection,
    dispatch,
    listRef,
    hidden: actions.hidden,
    selected: freshSelected,
    actions,
    blocked: showHelp || showMove || actions.confirmRequest !== null,
    focusReader: () => readerRef.current?.focus(),
    compose: (mode, message) => compose.start(message.accountId, mode, message.id),
    focusSearch: () => searchRef.current?.focus(),
    clearSearch: () => {
      if (!query) return false;
      setQuery('');
      return true;
    },
    openHelp: () => setShowHelp(true),
    openMove: () => selected.length > 0 && setShowMove(true),
    toggleThread,
  });

  const onDropMessages = useCallback(
    async (folderId: string, ids: string[]) => {
      const rows = await getMessages(db, ids);
      if (actions.move(rows, folderId)) shortcuts.advancePast(ids);
    },
    [db, actions, shortcuts],
  );

  const changePanes = (next: PaneWidths) => setPanes(clampPanes(next));
  const style = { '--sidebar-w': `${panes.sidebar}px`, '--list-w': `${panes.list}px` } as CSSProperties;
  const storageAccount = storageFor ? accounts.find((a) => a.id === storageFor) : undefined;
  const listTitle =
    source?.kind === 'search' ? 'Search results' : listPlace?.kind === 'unified' ? 'All inboxes' : (currentFolder?.name ?? '');

  return (
    <div className="mail-window" style={style}>
      <Sidebar
        accounts={accounts}
        place={place}
        onPlace={onPlace}
        onCheck={(accountId) => void client.call('sync:now', { accountId })}
        onAddAccount={onAddAccount}
        onAccountSettings={onAccountSettings}
        onDropMessages={(folderId, ids) => void onDropMessages(folderId, ids)}
        theme={theme}
        onTheme={setTheme}
        onHelp={() => setShowHelp(true)}
        notify={notify}
      />
      <Splitter
        label="Resize the folder pane"
        value={panes.sidebar}
        min={LIMITS.sidebar[0]}
        max={LIMITS.sidebar[1]}
        onChange={(sidebar) => changePanes({ ...panes, sidebar })}
        onCommit={() => savePanes(panes)}
      />
      <section className="list-pane" aria-label="Message list">
        <header className="list-head">
          <button
            type="button"
            className="primary"
            disabled={accounts.length === 0}
            onClick={() => {
              const accountId =
                (listPlace?.kind === 'folder' && folders.find((f) => f.id === listPlace.folderId)?.accountId) || accounts[0]?.id;
              if (accountId) compose.start(accountId, 'new');
            }}
          >
            Write a message
          </button>
          <SearchBox
            ref={searchRef}
            value={query}
            onChange={setQuery}
            accounts={accounts}
            scope={scope}
            onScope={setScope}
            resultCount={source?.kind === 'search' ? total : undefined}
            moreResults={moreResults}
            searching={source?.kind === 'search'}
            indexBacklog={indexBacklog ?? 0}
            backlogCap={INDEX_BACKLOG_CAP}
          />
          <div className="list-title">
            <h2>{listTitle}</h2>
            {total !== undefined && source?.kind !== 'search' && (
              <span className="muted">
                {total}{' '}
                {source?.kind === 'threads' ? (total === 1 ? 'conversation' : 'conversations') : total === 1 ? 'message' : 'messages'}
              </span>
            )}
            {listPlace?.kind === 'folder' && source?.kind !== 'search' && (
              <button
                type="button"
                className="small"
                aria-pressed={threadsOn}
                title="Group messages into conversations"
                onClick={() => {
                  saveThreadSetting(!threadsOn);
                  setThreadsOn(!threadsOn);
                  dispatch({ type: 'clear' });
                }}
              >
                Conversations
              </button>
            )}
            {currentFolder && (source?.kind === 'folder' || source?.kind === 'threads') && (
              <FolderActions
                folder={currentFolder}
                account={accounts.find((a) => a.id === currentFolder.accountId)}
                total={total ?? 0}
                actions={actions}
              />
            )}
          </div>
        </header>
        {source && (
          <MessageList
            ref={listRef}
            source={source}
            order={order}
            onOrder={setOrder}
            selection={selection}
            onSelect={(action) => {
              setStorageFor(null);
              dispatch(action);
            }}
            pending={actions.hidden}
            onOpen={() => readerRef.current?.focus()}
            onTotal={onTotal}
            emptyText={source.kind === 'search' ? 'Nothing on this computer matches.' : undefined}
            onToggleThread={toggleThread}
            onOlderThreads={olderThreads}
          />
        )}
        {source?.kind === 'search' && serverFolder && (
          <ServerSearch
            folder={serverFolder}
            query={source.query}
            onOpen={(id) => {
              setStorageFor(null);
              dispatch({ type: 'open', id });
            }}
          />
        )}
      </section>
      <Splitter
        label="Resize the message list"
        value={panes.list}
        min={LIMITS.list[0]}
        max={LIMITS.list[1]}
        onChange={(list) => changePanes({ ...panes, list })}
        onCommit={() => savePanes(panes)}
      />
      <section className="reading-pane" aria-label="Reading pane" ref={readerRef} tabIndex={-1}>
        {storageAccount ? (
          <StorageView account={storageAccount} quota={quota} />
        ) : (
          <>
            <MessageToolbar
              messages={selected}
              canArchive={canArchive}
              onArchive={() => void freshSelected().then((rows) => actions.archive(rows) && shortcuts.advancePast(rows.map((m) => m.id)))}
              onDelete={() =>
                void freshSelected().then(async (rows) => (await actions.remove(rows)) && shortcuts.advancePast(rows.map((m) => m.id)))
              }
              onToggleRead={() => void freshSelected().then(actions.toggleSeen)}
              onToggleFlag={() => void freshSelected().then(actions.toggleFlag)}
              onMove={() => setShowMove(true)}
              onReply={() => selected[0] && compose.start(selected[0].accountId, 'reply', selected[0].id)}
            />
            {openId && selected[0] && <ComposeActions compose={compose} accountId={selected[0].accountId} messageId={openId} />}
            {openId ? (
              <ErrorBoundary key={openId} what="This message" client={client}>
                <Reader messageId={openId} onFrameKey={shortcuts.onFrameKey} />
              </ErrorBoundary>
            ) : selection.ids.size > 1 ? (
              <p className="empty" role="status">
                {selection.ids.size} messages selected.
              </p>
            ) : (
              <p className="empty">Select a message to read it.</p>
            )}
          </>
        )}
      </section>
      {compose.element}
      <Toasts undoable={actions.undoable} notices={actions.notices} onUndo={actions.undo} onDismiss={actions.dismiss} />
      {showHelp && <HelpOverlay onClose={() => setShowHelp(false)} />}
      {showMove && selected.length > 0 && (
        <MoveMenu
          folders={moveTargets}
          currentFolderId={
            accountIds.size === 1 && selected.every((m) => m.folderId === selected[0]!.folderId) ? selected[0]!.folderId : null
          }
          onMove={(folderId) =>
            void freshSelected().then((rows) => actions.move(rows, folderId) && shortcuts.advancePast(rows.map((m) => m.id)))
          }
          onClose={() => setShowMove(false)}
        />
      )}
      {actions.confirmRequest && <ConfirmDialog request={actions.confirmRequest} />}
    </div>
  );
}
