import type { ImapFlow } from 'imapflow';

import { closeImapClient } from './connect';

/**
 * The one connection that runs commands. At most one connect attempt at a time; a lost
 * connection is reported once through `onLost` (unless we closed it ourselves).
 */
export class MainConnection {
  private client: ImapFlow | null = null;
  private connecting: Promise<ImapFlow> | null = null;
  private closing = false;

  constructor(
    private readonly opts: {
      open: (onClose: () => void) => Promise<ImapFlow>;
      onLost: () => void;
    },
  ) {}

  /** The connected client, or null while offline. */
  current(): ImapFlow | null {
    return this.client && this.client.usable ? this.client : null;
  }

  connect(): Promise<ImapFlow> {
    const live = this.current();
    if (live) return Promise.resolve(live);
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open(): Promise<ImapFlow> {
    this.closing = false;
    const client = await this.opts.open(() => {
      if (this.client === client) this.client = null;
      if (!this.closing) this.opts.onLost();
    });
    this.client = client;
    return client;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client) await closeImapClient(client);
  }
}
