import type { ImapFlow } from 'imapflow';

import type { Logger } from '../log';
import { closeImapClient } from './connect';

/**
 * A second connection that only IDLEs on INBOX (RFC 2177), so new mail, expunges and flag changes
 * by other devices are noticed within seconds while the main connection does other work. It never
 * changes anything: the folder is opened read-only (EXAMINE), and every event just asks for an
 * incremental sync of INBOX on the main connection.
 */
export class InboxWatcher {
  private client: ImapFlow | null = null;
  private closing = false;

  constructor(
    private readonly opts: {
      /** Opens a logged-in connection; `onClose` fires once when it ends. */
      open: (onClose: () => void) => Promise<ImapFlow>;
      onChange: (reason: 'exists' | 'expunge' | 'flags') => void;
      /** The connection ended without stop() being called. */
      onLost: () => void;
      log: Logger;
    },
  ) {}

  get running(): boolean {
    return this.client !== null && this.client.usable;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.closing = false;
    const client = await this.opts.open(() => {
      if (this.client === client) this.client = null;
      if (!this.closing) this.opts.onLost();
    });
    try {
      client.on('exists', () => this.opts.onChange('exists'));
      client.on('expunge', () => this.opts.onChange('expunge'));
      client.on('flags', () => this.opts.onChange('flags'));
      // imapflow starts IDLE by itself once the connection is quiet (autoIdleDelay, connect.ts).
      await client.mailboxOpen('INBOX', { readOnly: true });
      this.client = client;
    } catch (err) {
      this.closing = true;
      client.close();
      throw err;
    }
  }

  async stop(): Promise<void> {
    this.closing = true;
    const client = this.client;
    this.client = null;
    if (client) await closeImapClient(client);
  }
}
