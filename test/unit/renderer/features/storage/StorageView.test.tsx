// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { Account } from '../../../../../electron/contract';
import { StorageView } from '../../../../../renderer/features/storage/StorageView';
import { account, bytes, freshDb, message, seed, setupOps } from '../../../store/fixtures';
import { fakeClient, renderWith } from '../../helpers/render';

afterEach(cleanup);

const seeded = async (locations: ('local' | 'server+local' | 'server')[]) => {
  const db = freshDb();
  const messages = locations.map((location, i) => message({ folderId: 'acc1/INBOX', id: `acc1/m${i}`, location }));
  await seed(db, [
    ...setupOps('acc1'),
    {
      op: 'putMessages',
      messages,
      sources: messages.filter((m) => m.location !== 'server').map((m) => ({ id: m.id, bytes: Uint8Array.from(bytes('x'.repeat(2048))) })),
    },
  ]);
  return db;
};

describe('StorageView', () => {
  it('counts where the mail lives and warns about messages that exist only here', async () => {
    const db = await seeded(['local', 'local', 'server+local', 'server']);
    const acc: Account = {
      ...account('acc1'),
      pop3: { policy: { kind: 'delete-after-download' }, headersOnlyAboveKb: null, checkIntervalMinutes: 10 },
    };
    renderWith(<StorageView account={acc} />, { db, client: fakeClient().client });
    const view = screen.getByRole('article', { name: 'Storage for Account acc1' });
    await waitFor(() => expect(view.textContent).toContain('6.0 KB in 4 messages'));
    expect(screen.getByRole('note').textContent).toContain('2 messages (4.0 KB) exist only on this computer');
    expect(screen.getByRole('button', { name: 'Back up these 2 messages (.mbox)' })).toBeTruthy();
    expect(view.textContent).toContain('A POP3 server does not tell how full the mailbox is.');
  });

  it('shows an IMAP server’s quota when reported, and no warning when nothing is only here', async () => {
    const db = await seeded(['server', 'server+local']);
    renderWith(<StorageView account={account('acc1', 'imap')} quota={{ usedBytes: 950 * 1024 * 1024, limitBytes: 1024 * 1024 * 1024 }} />, {
      db,
      client: fakeClient().client,
    });
    await waitFor(() => expect(screen.getByRole('article').textContent).toContain('2.0 KB in 2 messages'));
    expect(screen.getByRole('meter', { name: 'Server mailbox used' }).getAttribute('value')).toBe(String(950 * 1024 * 1024));
    expect(screen.getByRole('article').textContent).toContain('950 MB of 1.0 GB used (93%)');
    expect(screen.getByRole('article').textContent).toContain('almost full');
    expect(screen.queryByRole('note')).toBeNull();
  });
});
