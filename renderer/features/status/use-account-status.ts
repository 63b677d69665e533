import { useCallback, useSyncExternalStore } from 'react';

import { useServices } from '../../app/app-context';
import { type AccountLive, statusFeedFor } from './status-feed';

/**
 * One account's live status and progress. Only the component that calls this re-renders when
 * they change, at most once per animation frame (./status-feed.ts).
 */
export const useAccountStatus = (accountId: string): AccountLive | undefined => {
  const { client } = useServices();
  const feed = statusFeedFor(client);
  const get = useCallback(() => feed.get(accountId), [feed, accountId]);
  return useSyncExternalStore(feed.subscribe, get, get);
};
