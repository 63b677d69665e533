import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';

import type { Account } from '../../../electron/contract';
import { useServices } from '../../app/app-context';
import { exportEntriesFor } from '../../store/queries/folder-export';
import { listOnlyHere } from '../../store/queries/list-only-here';
import { nextServerRemoval } from '../../store/queries/next-server-removal';
import { storageStats } from '../../store/queries/storage-stats';
import { downloadBytes } from '../mail/export/download';
import { mboxFilename } from '../mail/export/export-names';
import { mboxrdChunks } from '../mail/export/mboxrd';
import { LocationBadge } from '../where-mail-lives/LocationBadge';
import { accountModeLabel, formatDay, onlyHereWarning, policyConsequence, policyLabel } from '../where-mail-lives/wording';
import { formatBytes } from './format-bytes';

export interface ServerQuota {
  usedBytes: number;
  limitBytes: number;
}

/**
 * Where one account's mail lives, in numbers: the server's quota (IMAP, when the server reports
 * it), the space used on this computer, and what exists only here — with the backup that needs.
 * Every number comes from the store's `location`/`sourceBytes` index (storage-stats).
 */
export function StorageView({ account, quota }: { account: Account; quota?: ServerQuota | null }) {
  const { db } = useServices();
  const stats = useLiveQuery(() => storageStats(db, account.id), [db, account.id]);
  const policy = account.mode === 'pop3' ? account.pop3?.policy : undefined;
  const removal = useLiveQuery(
    () => (policy?.kind === 'keep-days' ? nextServerRemoval(db, account.id, policy.days) : Promise.resolve(null)),
    [db, account.id, policy?.kind === 'keep-days' ? policy.days : 0],
  );
  const [disk, setDisk] = useState<{ usage: number; quota: number } | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);

  useEffect(() => {
    void navigator.storage?.estimate?.().then(
      (e) => setDisk({ usage: e.usage ?? 0, quota: e.quota ?? 0 }),
      () => setDisk(null),
    );
  }, [stats?.bytesHere]);

  const exportOnlyHere = async () => {
    setExporting('Preparing the backup…');
    try {
      const rows = (await listOnlyHere(db, account.id)).sort((a, b) => a.date - b.date);
      const { entries, missing } = await exportEntriesFor(db, rows);
      downloadBytes(entries.flatMap(mboxrdChunks), mboxFilename(account.name, 'only on this computer'), 'application/mbox');
      setExporting(
        `Saved ${entries.length} ${entries.length === 1 ? 'message' : 'messages'}.${missing ? ` ${missing} had no stored source and were left out.` : ''}`,
      );
    } catch (err) {
      setExporting(`The backup failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const serverOnly = stats?.serverOnlyCount ?? 0;
  const onlyHere = stats?.onlyHereCount ?? 0;
  const both = stats ? stats.messages - serverOnly - onlyHere : 0;
  const used = quota ? Math.min(1, quota.usedBytes / Math.max(1, quota.limitBytes)) : 0;

  return (
    <article className="storage-view" aria-label={`Storage for ${account.name}`}>
      <h1>Where {account.name}’s mail lives</h1>
      <p className="lead">
        {accountModeLabel(account)}
        {policy && <> · {policyLabel(policy)}</>}
      </p>
      {policy && <p className="muted">{policyConsequence(policy)}</p>}

      <section aria-labelledby="storage-server">
        <h2 id="storage-server">On the server</h2>
        {account.mode === 'pop3' ? (
          <p>
            A POP3 server does not tell how full the mailbox is.
            {removal && <> The oldest server copies here are removed there on {formatDay(removal.at)}.</>}
          </p>
        ) : quota ? (
          <>
            <meter
              className="quota"
              min={0}
              max={quota.limitBytes}
              value={quota.usedBytes}
              high={quota.limitBytes * 0.9}
              aria-label="Server mailbox used"
            >
              {Math.round(used * 100)}%
            </meter>
            <p>
              {formatBytes(quota.usedBytes)} of {formatBytes(quota.limitBytes)} used ({Math.round(used * 100)}%).
              {used >= 0.9 && <strong className="warning"> The server mailbox is almost full: new mail may be refused.</strong>}
            </p>
          </>
        ) : quota === null ? (
          <p>The server does not report a size limit.</p>
        ) : (
          <p className="muted">The server’s quota is not available in this version yet.</p>
        )}
      </section>

      <section aria-labelledby="storage-here">
        <h2 id="storage-here">On this computer</h2>
        {stats ? (
          <>
            <p>
              <strong>{formatBytes(stats.bytesHere)}</strong> in {stats.messages} {stats.messages === 1 ? 'message' : 'messages'}.
            </p>
            <table className="storage-table">
              <tbody>
                <tr>
                  <th scope="row">
                    <LocationBadge location="server" />
                  </th>
                  <td>{serverOnly}</td>
                  <td className="muted">headers here, the rest downloads when opened</td>
                </tr>
                <tr>
                  <th scope="row">
                    <LocationBadge location="server+local" />
                  </th>
                  <td>{both}</td>
                  <td className="muted">a copy on the server and one here</td>
                </tr>
                <tr>
                  <th scope="row">
                    <LocationBadge location="local" />
                  </th>
                  <td>{onlyHere}</td>
                  <td className="muted">{formatBytes(stats.onlyHereBytes)}, no other copy anywhere</td>
                </tr>
              </tbody>
            </table>
            {disk && <p className="muted">Homing’s whole store (every account) uses {formatBytes(disk.usage)} of this computer’s disk.</p>}
          </>
        ) : (
          <p className="muted">Counting…</p>
        )}
      </section>

      {onlyHere > 0 && stats && (
        <section className="only-here-warning" aria-labelledby="storage-only-here" role="note">
          <h2 id="storage-only-here">Only on this computer</h2>
          <p className="warning">{onlyHereWarning(onlyHere, formatBytes(stats.onlyHereBytes))}</p>
          <button type="button" onClick={() => void exportOnlyHere()}>
            Back up these {onlyHere} {onlyHere === 1 ? 'message' : 'messages'} (.mbox)
          </button>
          {exporting && <p role="status">{exporting}</p>}
        </section>
      )}
    </article>
  );
}
