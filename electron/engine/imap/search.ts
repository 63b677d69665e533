import type { ImapFlow } from 'imapflow';

import { HomingError } from '../../contract';
import { inFolder } from './mailbox';

/**
 * Server-side full-text search in one folder (UID SEARCH TEXT, RFC 9051 §6.4.4), for messages
 * whose bodies are not here. Returns UIDs, highest (newest) first.
 */
export const searchServer = async (client: ImapFlow, path: string, text: string): Promise<number[]> => {
  const query = text.trim();
  if (!query) return [];
  if (query.length > 1000) throw new HomingError('invalid_input', 'That search is too long.');
  return inFolder(client, path, null, async () => {
    const uids = await client.search({ text: query }, { uid: true });
    if (uids === false) throw new HomingError('server_refused', 'The server could not search this folder.');
    return (uids ?? []).sort((a, b) => b - a);
  });
};
