import { type Account, HomingError, type SyncOp } from '../../../contract';
import { customFolder, localFoldersFor } from '../../accounts/local-folders';
import type { AccountWorker, AccountWorkerDeps } from '../../sync/account-worker';
import { connectAccount, type Pop3ConnectExtras } from './connect-account';
import { runCheck } from './run-check';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A POP3 account: checks on the supervisor's schedule, and keeps every folder and flag on this
 * computer (a POP3 server has one mailbox and no flags). Local actions go through the store writer
 * like everything else.
 */
export const createPop3Worker =
  (extras: Pop3ConnectExtras = {}) =>
  (deps: AccountWorkerDeps): AccountWorker => {
    const { account, store } = deps;
    let stopped = false;

    const apply = (ops: SyncOp[]) =>
      store.request({
        kind: 'apply',
        batch: { id: `pop3-local-${account.id}-${deps.now()}-${Math.random()}`, accountId: account.id, ops },
      });

    const check = async () => {
      if (stopped) return;
      deps.status({ state: 'checking', lastCheckedAt: null, nextCheckAt: null, error: null, detail: 'Connecting…' });
      const started = deps.now();
      try {
        const client = await connectAccount(account.incoming, await deps.password(), extras);
        try {
          const report = await runCheck({
            account,
            client,
            store,
            now: deps.now,
            log: deps.log,
            progress: (p) => {
              deps.progress(p);
              if (p.phase === 'downloading') {
                deps.status({
                  state: 'checking',
                  lastCheckedAt: null,
                  nextCheckAt: null,
                  error: null,
                  detail: `Downloading ${p.done} of ${p.total}`,
                });
              }
            },
            freeDiskBytes: deps.freeDiskBytes,
          });
          const parts = [report.downloaded ? `${plural(report.downloaded, 'new message')}` : 'No new mail'];
          if (report.deletedFromServer) parts.push(`${plural(report.deletedFromServer, 'server copy', 'server copies')} removed`);
          deps.status({
            state: report.deletionProblem ? 'error' : 'online',
            lastCheckedAt: started,
            nextCheckAt: started + (account.pop3?.checkIntervalMinutes ?? 10) * 60_000,
            error: report.deletionProblem ? { code: 'server_refused', message: report.deletionProblem } : null,
            detail: parts.join(' · '),
          });
        } finally {
          client.close();
        }
      } catch (err) {
        const error =
          err instanceof HomingError ? err.toAppError() : { code: 'internal' as const, message: 'The mail check failed unexpectedly.' };
        deps.status({ state: 'error', lastCheckedAt: started, nextCheckAt: null, error, detail: null });
        throw err;
      }
    };

    const ownIds = (ids: string[]) => {
      for (const id of ids)
        if (!id.startsWith(`${account.id}/`)) throw new HomingError('invalid_input', 'That message belongs to another account.');
    };

    return {
      syncNow: check,
      async fetchSource(messageId) {
        ownIds([messageId]);
        const stored = await store.request({ kind: 'readSource', messageId });
        if (stored) return { bytes: stored.bytes, location: 'server+local' };
        // Headers-only: the body is still on the server, if the server still has it.
        const states = await store.request({ kind: 'readPopState', accountId: account.id });
        const state = states.find((s) => s.messageId === messageId);
        if (!state) throw new HomingError('not_found', 'This message is not in the local store.');
        const client = await connectAccount(account.incoming, await deps.password(), extras);
        try {
          const listed = (await client.uidl()).find((u) => u.uidl === state.uidl);
          if (!listed)
            throw new HomingError('not_found', 'Only the headers of this message were downloaded, and the server no longer has the rest.');
          const bytes = await client.retrToBuffer(listed.msgno);
          await apply([
            { op: 'putMessages', messages: [], sources: [{ id: messageId, bytes }] },
            { op: 'patchMessages', patches: [{ id: messageId, hasSource: true }] },
            { op: 'putPopState', entries: [{ ...state, state: 'downloaded' }] },
          ]);
          await client.quit().catch(() => undefined);
          return { bytes, location: 'server+local' };
        } finally {
          client.close();
        }
      },
      async setFlags(ids, change) {
        ownIds(ids);
        await apply([{ op: 'patchMessages', patches: ids.map((id) => ({ id, ...change })) }]);
        return ids.length;
      },
      async move(ids, toFolderId) {
        ownIds(ids);
        if (!toFolderId.startsWith(`${account.id}/`))
          throw new HomingError('invalid_input', 'A POP3 message can only move between this account’s folders.');
        await apply([{ op: 'patchMessages', patches: ids.map((id) => ({ id, folderId: toFolderId })) }]);
        return ids.length;
      },
      async delete(ids, permanent) {
        ownIds(ids);
        if (!permanent) {
          await apply([{ op: 'patchMessages', patches: ids.map((id) => ({ id, folderId: `${account.id}/Trash` })) }]);
          return ids.length;
        }
        // The UIDL state stays (so the message is never downloaded again) and records the user's
        // deletion, which "keep until I delete it here" turns into a server DELE at the next check.
        const wanted = new Set(ids);
        const states = (await store.request({ kind: 'readPopState', accountId: account.id })).filter((s) => wanted.has(s.messageId));
        await apply([
          { op: 'removeMessages', ids },
          ...(states.length ? [{ op: 'putPopState' as const, entries: states.map((s) => ({ ...s, deletedLocally: true })) }] : []),
        ]);
        return ids.length;
      },
      // POP3 has no quota command (RFC 1939); the limit that matters is this computer's disk.
      getQuota: async () => null,
      async createUserFolder(name) {
        const path = name.trim();
        if (localFoldersFor(account).some((f) => f.path.toLowerCase() === path.toLowerCase())) {
          throw new HomingError('invalid_input', `“${path}” is one of the standard folders.`);
        }
        const folder = { ...customFolder(account.id, path) };
        await apply([{ op: 'putFolders', folders: [folder] }]);
        return folder.id;
      },
      async renameUserFolder(folderId, name) {
        if (localFoldersFor(account).some((f) => f.id === folderId))
          throw new HomingError('invalid_input', 'The standard folders keep their names.');
        ownIds([folderId]);
        // A local folder's id stays; only the name shown changes, so no message has to move.
        await apply([
          { op: 'putFolders', folders: [{ ...customFolder(account.id, folderId.slice(account.id.length + 1)), name: name.trim() }] },
        ]);
        return folderId;
      },
      async deleteUserFolder(folderId) {
        if (localFoldersFor(account).some((f) => f.id === folderId))
          throw new HomingError('invalid_input', 'The standard folders cannot be deleted.');
        ownIds([folderId]);
        // Its messages go to Trash in the same batch that removes the folder: nothing is lost.
        const ids = await store.request({ kind: 'readFolderMessageIds', folderId });
        await apply([
          ...(ids.length ? [{ op: 'patchMessages' as const, patches: ids.map((id) => ({ id, folderId: `${account.id}/Trash` })) }] : []),
          { op: 'removeFolders', folderIds: [folderId] },
        ]);
        return ids.length;
      },
      async stop() {
        stopped = true;
      },
    };
  };

export type { Account };
