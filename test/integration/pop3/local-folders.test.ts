import { describe, expect, it } from 'vitest';

import { directStore } from '../../helpers/direct-store';
import { popAccount, popWorker } from '../../helpers/pop3-account';
import { mailboxScript } from '../../unit/pop3/helpers/mailbox-script';
import { startScriptServer } from '../../unit/pop3/helpers/script-server';

const message = (n: number) =>
  Buffer.from(`From: a${n}@homing.test\r\nSubject: Local ${n}\r\nMessage-ID: <l${n}@homing.test>\r\n\r\nHi\r\n`);

describe('POP3 local folders', () => {
  it('creates, renames and deletes a folder of the user, moving its mail to Trash first', async () => {
    const { script } = mailboxScript({ user: 'alice', pass: 'secret', messages: [1, 2, 3].map(message) });
    const server = await startScriptServer(script);
    try {
      const store = directStore();
      const account = popAccount({ port: server.port, user: 'alice', policy: { kind: 'keep-forever' }, security: 'none' });
      const { worker } = popWorker(account, 'secret', store);
      await worker.syncNow();
      const ids = (await store.db.messages.toArray()).map((m) => m.id);

      const folderId = await worker.createUserFolder('Receipts');
      expect((await store.db.folders.get(folderId))?.local).toBe(true);
      await worker.move(ids.slice(0, 2), folderId);
      await expect(worker.createUserFolder('trash')).rejects.toThrow(/standard folders/);

      expect(await worker.renameUserFolder(folderId, 'Receipts 2026')).toBe(folderId);
      expect((await store.db.folders.get(folderId))?.name).toBe('Receipts 2026');

      expect(await worker.deleteUserFolder(folderId)).toBe(2);
      expect(await store.db.folders.get(folderId)).toBeUndefined();
      const messages = await store.db.messages.toArray();
      expect(messages).toHaveLength(3);
      expect(messages.filter((m) => m.folderId === `${account.id}/Trash`)).toHaveLength(2);
      await expect(worker.deleteUserFolder(`${account.id}/INBOX`)).rejects.toThrow(/cannot be deleted/);
    } finally {
      await server.close();
    }
  });
});
