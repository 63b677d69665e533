import { useEffect, useState } from 'react';

import type { ComposeApi } from './compose-api';

/**
 * The SIZE limit of the account's SMTP server (compose:limits), asked in the background: the
 * composer never waits for it, and without an answer (offline, no server) it just shows the size.
 */
export const useSizeLimit = (api: ComposeApi, accountId: string): number | null => {
  const [limit, setLimit] = useState<{ accountId: string; sizeLimit: number | null } | null>(null);
  useEffect(() => {
    let live = true;
    void api.call('compose:limits', { accountId }).then((r) => {
      if (live && r.ok) setLimit({ accountId, sizeLimit: typeof r.value.sizeLimit === 'number' ? r.value.sizeLimit : null });
    });
    return () => {
      live = false;
    };
  }, [api, accountId]);
  // An answer for the account chosen before must not count for the one chosen now.
  return limit && limit.accountId === accountId ? limit.sizeLimit : null;
};
