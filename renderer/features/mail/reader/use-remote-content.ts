import { useEffect, useState } from 'react';

import type { HomingClient } from '../../../api/client';

export interface RemoteContent {
  /** Remote URL → blob: URL of the bytes the engine fetched. */
  urls: ReadonlyMap<string, string>;
  loading: boolean;
  /** URLs that could not be loaded, with the engine's reason. */
  failures: { url: string; error: string }[];
}

const NONE: RemoteContent = { urls: new Map(), loading: false, failures: [] };
/** The engine takes at most 100 URLs per call (contract/remote.ts). */
const PER_CALL = 100;

/**
 * The remote images and fonts of the open message, fetched by the engine once the user allowed
 * them (never by the mail frame: its CSP and the desktop session refuse every network load), held
 * as blob: URLs for as long as the message is open.
 */
export const useRemoteContent = (client: Pick<HomingClient, 'call'>, remote: readonly string[], allowed: boolean): RemoteContent => {
  const [state, setState] = useState<RemoteContent>(NONE);
  const key = allowed ? remote.join('\n') : '';

  useEffect(() => {
    if (key === '') {
      setState(NONE);
      return;
    }
    const wanted = key.split('\n');
    let live = true;
    const made: string[] = [];
    setState({ urls: new Map(), loading: true, failures: [] });
    void (async () => {
      const urls = new Map<string, string>();
      const failures: RemoteContent['failures'] = [];
      for (let i = 0; i < wanted.length; i += PER_CALL) {
        const batch = wanted.slice(i, i + PER_CALL);
        const answer = await client.call('remote:fetch', { urls: batch });
        if (!answer.ok) {
          failures.push(...batch.map((url) => ({ url, error: answer.error.message })));
          continue;
        }
        for (const item of answer.value.items) {
          if (item.ok && item.bytes) {
            const url = URL.createObjectURL(new Blob([item.bytes.slice()], { type: item.contentType ?? 'application/octet-stream' }));
            made.push(url);
            urls.set(item.url, url);
          } else {
            failures.push({ url: item.url, error: item.error ?? 'It could not be loaded.' });
          }
        }
      }
      if (live) setState({ urls, loading: false, failures });
      else for (const url of made) URL.revokeObjectURL(url);
    })();
    return () => {
      live = false;
      for (const url of made) URL.revokeObjectURL(url);
    };
  }, [client, key]);

  return state;
};
