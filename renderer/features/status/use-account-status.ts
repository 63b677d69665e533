import { useEffect, useState } from 'react';

import type { AccountStatus, SyncProgress } from '../../../electron/contract';
import { useServices } from '../../app/app-context';

/** Live per-account status and progress from engine events (transient, so not in the store). */
export const useAccountStatus = (): { status: Record<string, AccountStatus>; progress: Record<string, SyncProgress> } => {
  const { client } = useServices();
  const [status, setStatus] = useState<Record<string, AccountStatus>>({});
  const [progress, setProgress] = useState<Record<string, SyncProgress>>({});
  useEffect(() => {
    const offStatus = client.on('account:status', (s) => setStatus((prev) => ({ ...prev, [s.accountId]: s })));
    const offProgress = client.on('sync:progress', (p) => setProgress((prev) => ({ ...prev, [p.accountId]: p })));
    return () => {
      offStatus();
      offProgress();
    };
  }, [client]);
  return { status, progress };
};
