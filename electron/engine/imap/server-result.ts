import type { ImapFlow } from 'imapflow';

import { HomingError } from '../../contract';

/**
 * imapflow answers a failed STORE/MOVE/EXPUNGE with `false`, whether the server said NO or the
 * connection died. The two need opposite handling (roll back vs. keep for later), so tell them
 * apart by whether the connection is still usable.
 */
export const commandFailed = (client: ImapFlow, what: string): HomingError =>
  !client.usable || client.isClosed
    ? new HomingError('connection_lost', `The connection was lost while trying to ${what}.`)
    : new HomingError('server_refused', `The server refused to ${what}.`);
