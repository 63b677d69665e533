import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import type { Account, AppError, Folder } from '../../../../electron/contract';
import type { HomingClient } from '../../../api/client';
import type { StoredMessage } from '../../../store/rows';
import { describeError } from '../../errors/plain-words';
import { deletionFacts, permanentDeletionWording } from '../../where-mail-lives/wording';
import { rememberMoved } from '../notify/moved-mail';
import { type Deferred, UndoQueue } from './undo-queue';

export const UNDO_MS = 6_000;

export interface Notice {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

export interface ConfirmRequest {
  title: string;
  lines: string[];
  confirm: string;
  danger: boolean;
  resolve(ok: boolean): void;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

class CommandFailed extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

const groupBy = <T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> => {
  const map = new Map<K, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
};

/**
 * Every action on messages, as engine commands (the UI never writes mail to the store itself).
 * Moves, archiving and deletions are deferred through an UndoQueue; flags apply at once.
 */
export const useMailActions = ({ client, accounts, folders }: { client: HomingClient; accounts: Account[]; folders: Folder[] }) => {
  const [undoable, setUndoable] = useState<Deferred | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [notices, setNotices] = useState<Notice[]>([]);
  const [confirmRequest, setConfirmRequest] = useState<ConfirmRequest | null>(null);
  const noticeId = useRef(0);

  const notify = useCallback((text: string, kind: Notice['kind'] = 'info') => {
    const id = ++noticeId.current;
    setNotices((list) => [...list.slice(-2), { id, text, kind }]);
    setTimeout(() => setNotices((list) => list.filter((n) => n.id !== id)), kind === 'error' ? 12_000 : 5_000);
  }, []);
  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);

  const hide = (ids: readonly string[], on: boolean) =>
    setHidden((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  const queue = useMemo(
    () =>
      new UndoQueue({
        delayMs: UNDO_MS,
        onChange: setUndoable,
        onError: (error, action) => {
          hide(action.ids, false);
          notify(error instanceof CommandFailed ? describeError(error.error) : `Could not finish: ${action.label}.`, 'error');
        },
      }),
    [notify],
  );

  // Closing the window sends what is pending rather than dropping the user's intent silently.
  useEffect(() => {
    const flush = () => void queue.flush();
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [queue]);

  const call = useCallback(async <R>(promise: Promise<{ ok: true; value: R } | { ok: false; error: AppError }>): Promise<R> => {
    const result = await promise;
    if (!result.ok) throw new CommandFailed(result.error);
    return result.value;
  }, []);

  const defer = useCallback(
    (label: string, ids: string[], send: () => Promise<void>) => {
      hide(ids, true);
      queue.schedule({
        label,
        ids,
        commit: async () => {
          await send();
          // Rows stay hidden a moment longer, until the store's change has reached the list.
          setTimeout(() => hide(ids, false), 1_500);
        },
      });
    },
    [queue],
  );

  const confirm = useCallback(
    (request: Omit<ConfirmRequest, 'resolve'>) =>
      new Promise<boolean>((resolve) =>
        setConfirmRequest({
          ...request,
          resolve: (ok) => {
            setConfirmRequest(null);
            resolve(ok);
          },
        }),
      ),
    [],
  );

  const folderOf = useCallback((id: string) => folders.find((f) => f.id === id), [folders]);
  const roleFolder = useCallback(
    (accountId: string, role: Folder['role']) => folders.find((f) => f.accountId === accountId && f.role === role),
    [folders],
  );
  const accountOf = useCallback((id: string) => accounts.find((a) => a.id === id), [accounts]);

  const setSeen = useCallback(
    async (messages: StoredMessage[], seen: boolean) => {
      const ids = messages.filter((m) => m.seen !== seen).map((m) => m.id);
      if (ids.length === 0) return;
      try {
        await call(client.call('message:setFlags', { messageIds: ids, seen }));
      } catch (error) {
        notify(error instanceof CommandFailed ? describeError(error.error) : String(error), 'error');
      }
    },
    [client, call, notify],
  );

  const toggleSeen = useCallback(
    (messages: StoredMessage[]) =>
      setSeen(
        messages,
        messages.some((m) => !m.seen),
      ),
    [setSeen],
  );

  const toggleFlag = useCallback(
    async (messages: StoredMessage[]) => {
      if (messages.length === 0) return;
      const flagged = messages.some((m) => !m.flagged);
      try {
        await call(client.call('message:setFlags', { messageIds: messages.map((m) => m.id), flagged }));
      } catch (error) {
        notify(error instanceof CommandFailed ? describeError(error.error) : String(error), 'error');
      }
    },
    [client, call, notify],
  );

  /** Why a move of these messages to that folder cannot happen, or null. */
  const moveProblem = useCallback(
    (messages: StoredMessage[], toFolderId: string): string | null => {
      const target = folderOf(toFolderId);
      if (!target) return 'That folder no longer exists.';
      if (messages.some((m) => m.accountId !== target.accountId)) return 'Messages can only be moved between folders of the same account.';
      if (messages.every((m) => m.folderId === toFolderId)) return 'The messages are already in that folder.';
      return null;
    },
    [folderOf],
  );

  const move = useCallback(
    (messages: StoredMessage[], toFolderId: string, verb = 'moved to') => {
      const problem = moveProblem(messages, toFolderId);
      if (problem) {
        notify(problem, 'error');
        return false;
      }
      const moving = messages.filter((m) => m.folderId !== toFolderId);
      const ids = moving.map((m) => m.id);
      defer(`${plural(ids.length, 'message')} ${verb} ${folderOf(toFolderId)?.name ?? 'folder'}`, ids, async () => {
        rememberMoved(moving.map((m) => m.messageId));
        await call(client.call('message:move', { messageIds: ids, toFolderId }));
      });
      return true;
    },
    [client, call, defer, folderOf, moveProblem, notify],
  );

  const archive = useCallback(
    (messages: StoredMessage[]) => {
      const byAccount = groupBy(messages, (m) => m.accountId);
      const plan: { ids: string[]; to: Folder }[] = [];
      for (const [accountId, list] of byAccount) {
        const to = roleFolder(accountId, 'archive');
        if (!to) {
          notify(`${accountOf(accountId)?.name ?? 'This account'} has no Archive folder.`, 'error');
          return false;
        }
        const ids = list.filter((m) => m.folderId !== to.id).map((m) => m.id);
        if (ids.length) plan.push({ ids, to });
      }
      const ids = plan.flatMap((p) => p.ids);
      if (ids.length === 0) return false;
      defer(`${plural(ids.length, 'message')} archived`, ids, async () => {
        for (const p of plan) await call(client.call('message:move', { messageIds: p.ids, toFolderId: p.to.id }));
      });
      return true;
    },
    [client, call, defer, roleFolder, accountOf, notify],
  );

  /**
   * Delete: to the account's Trash, or for good when already in the Trash (or `permanent`).
   * A permanent deletion always asks first, and says so when a message is the only copy.
   */
  const remove = useCallback(
    async (messages: StoredMessage[], opts: { permanent?: boolean; emptyingTrash?: boolean } = {}): Promise<boolean> => {
      if (messages.length === 0) return false;
      const forGood = messages.filter((m) => opts.permanent || folderOf(m.folderId)?.role === 'trash' || !roleFolder(m.accountId, 'trash'));
      const toTrash = messages.filter((m) => !forGood.includes(m));
      if (forGood.length > 0) {
        const words = permanentDeletionWording(deletionFacts(forGood, accountOf), opts.emptyingTrash);
        const ok = await confirm({ title: words.title, lines: words.lines, confirm: words.confirm, danger: words.onlyCopy });
        if (!ok) return false;
      }
      const ids = [...toTrash, ...forGood].map((m) => m.id);
      const label =
        forGood.length === 0
          ? `${plural(ids.length, 'message')} moved to Trash`
          : toTrash.length === 0
            ? `${plural(ids.length, 'message')} deleted permanently`
            : `${plural(ids.length, 'message')} deleted`;
      defer(label, ids, async () => {
        for (const [, list] of groupBy(toTrash, (m) => m.accountId)) {
          await call(client.call('message:delete', { messageIds: list.map((m) => m.id), permanent: false }));
        }
        for (const [, list] of groupBy(forGood, (m) => m.accountId)) {
          await call(client.call('message:delete', { messageIds: list.map((m) => m.id), permanent: true }));
        }
      });
      return true;
    },
    [client, call, confirm, defer, folderOf, roleFolder, accountOf],
  );

  const undo = useCallback(() => {
    const action = queue.pending;
    if (action && queue.undo()) {
      hide(action.ids, false);
      notify(`Undone: ${action.label}.`);
    }
  }, [queue, notify]);

  return {
    undoable,
    hidden,
    notices,
    dismiss,
    notify,
    confirmRequest,
    setSeen,
    toggleSeen,
    toggleFlag,
    move,
    moveProblem,
    archive,
    remove,
    undo,
    flush: () => queue.flush(),
  };
};

export type MailActions = ReturnType<typeof useMailActions>;
