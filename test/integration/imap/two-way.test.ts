import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HomingError } from '../../../electron/contract';
import { getSource } from '../../../renderer/store/queries/get-source';
import { type MailServer, startDovecot } from '../../mailserver/dovecot';
import { generateMessages, seedMaildir } from '../../mailserver/seed';
import { type Harness, imapAccount, imapHarness, localFolder, mail, otherDevice, serverFolder, waitFor } from './helpers';

// One mailbox user per test, so tests never see each other's changes.
const names = [
  'flags-in',
  'flags-out',
  'conflict',
  'move',
  'trash',
  'idle',
  'expunge',
  'reset',
  'source',
  'extras',
  'bodies',
  'disk-full',
  'periodic',
  'refused',
  'open-read',
];
let server: MailServer;

beforeAll(async () => {
  server = await startDovecot({ users: names.map((user) => ({ user, password: `${user}-pw` })) });
  for (const user of names) seedMaildir(server, user, generateMessages(user === 'expunge' ? 1_000 : 40, { seed: 3 }), { mixedFlags: true });
});

afterAll(async () => {
  await server?.stop();
});

/** A synced worker for `user`; the test body gets it and the other device. */
const withSynced = async (user: string, body: (h: Harness, peer: Awaited<ReturnType<typeof otherDevice>>) => Promise<void>) => {
  const h = imapHarness(server, user);
  const peer = await otherDevice(server, user);
  try {
    await h.worker.syncNow();
    await body(h, peer);
  } finally {
    await peer.logout().catch(() => undefined);
    await h.stop();
  }
};

const inbox = (h: Harness) => `${h.account.id}/INBOX`;

const expectMirrors = async (h: Harness, peer: Awaited<ReturnType<typeof otherDevice>>, path = 'INBOX') => {
  const local = await localFolder(h.store, `${h.account.id}/${path}`);
  const remote = await serverFolder(peer, path);
  expect([...local.keys()].sort((a, b) => a - b)).toEqual([...remote.keys()].sort((a, b) => a - b));
  for (const [uid, flags] of remote) {
    expect(local.get(uid)?.seen, `uid ${uid} seen`).toBe(flags.has('\\Seen'));
    expect(local.get(uid)?.flagged, `uid ${uid} flagged`).toBe(flags.has('\\Flagged'));
  }
};

describe('IMAP two-way sync against Dovecot', () => {
  it('shows a flag set by another device (IDLE on INBOX, no manual refresh)', async () => {
    await withSynced('flags-in', async (h, peer) => {
      const lock = await peer.getMailboxLock('INBOX');
      try {
        await peer.messageFlagsAdd('1:3', ['\\Flagged'], { uid: true });
        await peer.messageFlagsRemove('1:3', ['\\Seen'], { uid: true });
      } finally {
        lock.release();
      }
      await waitFor(async () => {
        const local = await localFolder(h.store, inbox(h));
        return [1, 2, 3].every((uid) => local.get(uid)?.flagged === true && local.get(uid)?.seen === false);
      }, 5_000);
      await expectMirrors(h, peer);
    });
  });

  it('setFlags changes the store at once and reaches the server', async () => {
    await withSynced('flags-out', async (h, peer) => {
      const ids = [5, 6, 7].map((uid) => `${inbox(h)}/${uid}`);
      const validity = (await h.store.db.imapFolderState.get(inbox(h)))?.uidValidity;
      const full = ids.map((id) => id.replace(`${inbox(h)}/`, `${inbox(h)}/${validity}/`));
      expect(await h.worker.setFlags(full, { seen: true, flagged: true })).toBe(3);
      const local = await localFolder(h.store, inbox(h));
      for (const uid of [5, 6, 7]) expect(local.get(uid)).toMatchObject({ seen: true, flagged: true });
      const remote = await serverFolder(peer, 'INBOX');
      for (const uid of [5, 6, 7]) expect([...(remote.get(uid) ?? [])].sort()).toEqual(expect.arrayContaining(['\\Flagged', '\\Seen']));
      expect(await h.worker.setFlags([full[0] as string], { flagged: false })).toBe(1);
      expect((await serverFolder(peer, 'INBOX')).get(5)?.has('\\Flagged')).toBe(false);
      await expectMirrors(h, peer);
    });
  });

  it('a newer change on the server wins over a stale local one (CONDSTORE UNCHANGEDSINCE)', async () => {
    // A folder without IDLE, so the worker does not hear of the other device's change first.
    const peer0 = await otherDevice(server, 'conflict');
    await peer0.mailboxCreate('Quiet');
    await peer0.append('Quiet', mail('=?UTF-8?Q?Konflikt_=C3=BC?='), []);
    await peer0.logout();
    await withSynced('conflict', async (h, peer) => {
      const folderId = `${h.account.id}/Quiet`;
      const [row] = [...(await localFolder(h.store, folderId)).values()];
      expect(row).toMatchObject({ subject: 'Konflikt ü', seen: false, flagged: false });
      // The other device flags and reads it after our last sync...
      const lock = await peer.getMailboxLock('Quiet');
      try {
        await peer.messageFlagsAdd('1', ['\\Flagged', '\\Seen'], { uid: true });
      } finally {
        lock.release();
      }
      // ...then we, still seeing it unread, mark it unread + unflagged: stale, so refused.
      const applied = await h.worker.setFlags([row?.id as string], { seen: false, flagged: false });
      expect(applied).toBe(0);
      const local = await localFolder(h.store, folderId);
      expect(local.get(1)).toMatchObject({ seen: true, flagged: true });
      const remote = await serverFolder(peer, 'Quiet');
      expect(remote.get(1)?.has('\\Flagged')).toBe(true);
      expect(remote.get(1)?.has('\\Seen')).toBe(true);
      // With fresh knowledge the same change goes through.
      expect(await h.worker.setFlags([row?.id as string], { flagged: false })).toBe(1);
      expect((await serverFolder(peer, 'Quiet')).get(1)?.has('\\Flagged')).toBe(false);
    });
  });

  it('move reaches the server, and the store shows the message once, in the destination', async () => {
    const peer0 = await otherDevice(server, 'move');
    await peer0.mailboxCreate('Projects');
    await peer0.logout();
    await withSynced('move', async (h, peer) => {
      const local = await localFolder(h.store, inbox(h));
      const ids = [10, 11, 12].map((uid) => local.get(uid)?.id as string);
      const subjects = [10, 11, 12].map((uid) => local.get(uid)?.subject);
      expect(await h.worker.move(ids, `${h.account.id}/Projects`)).toBe(3);
      const after = await localFolder(h.store, inbox(h));
      for (const uid of [10, 11, 12]) expect(after.has(uid)).toBe(false);
      const moved = [...(await localFolder(h.store, `${h.account.id}/Projects`)).values()];
      expect(moved.map((m) => m.subject).sort()).toEqual([...subjects].sort());
      expect(await h.store.db.messages.where('id').anyOf(ids).count()).toBe(0);
      await expectMirrors(h, peer, 'INBOX');
      await expectMirrors(h, peer, 'Projects');
      expect((await serverFolder(peer, 'Projects')).size).toBe(3);
    });
  });

  it('delete moves to Trash; deleting from Trash (or permanently) expunges on the server', async () => {
    const peer0 = await otherDevice(server, 'trash');
    await peer0.mailboxCreate('Trash');
    await peer0.logout();
    await withSynced('trash', async (h, peer) => {
      const local = await localFolder(h.store, inbox(h));
      expect(await h.worker.delete([local.get(1)?.id as string, local.get(2)?.id as string], false)).toBe(2);
      expect((await serverFolder(peer, 'Trash')).size).toBe(2);
      await expectMirrors(h, peer, 'Trash');
      const inTrash = [...(await localFolder(h.store, `${h.account.id}/Trash`)).values()];
      expect(await h.worker.delete([inTrash[0]?.id as string], false)).toBe(1);
      expect((await serverFolder(peer, 'Trash')).size).toBe(1);
      expect(await h.worker.delete([local.get(3)?.id as string], true)).toBe(1);
      expect((await serverFolder(peer, 'INBOX')).has(3)).toBe(false);
      await expectMirrors(h, peer, 'INBOX');
      await expectMirrors(h, peer, 'Trash');
    });
  });

  it('a new delivery arrives through IDLE within 5 s, without a manual refresh', async () => {
    await withSynced('idle', async (h) => {
      const before = (await localFolder(h.store, inbox(h))).size;
      const sent = Date.now();
      await server.deliver('idle', mail('=?UTF-8?B?8J+OiSBOZXcgbWFpbA==?='));
      const row = await waitFor(
        async () => [...(await localFolder(h.store, inbox(h))).values()].find((m) => m.subject === '🎉 New mail'),
        5_000,
      );
      expect(row).toMatchObject({ seen: false, location: 'server' });
      expect((await localFolder(h.store, inbox(h))).size).toBe(before + 1);
      console.log(`IDLE delivery visible after ${Date.now() - sent} ms`);
    });
  });

  it('an expunge of many messages by another device converges (local equals server)', async () => {
    await withSynced('expunge', async (h, peer) => {
      expect((await localFolder(h.store, inbox(h))).size).toBe(1_000);
      const lock = await peer.getMailboxLock('INBOX');
      try {
        await peer.messageDelete('1:700', { uid: true });
        await peer.messageFlagsAdd('900:950', ['\\Flagged'], { uid: true });
      } finally {
        lock.release();
      }
      await waitFor(async () => (await localFolder(h.store, inbox(h))).size === 300, 5_000);
      await h.worker.syncNow();
      await expectMirrors(h, peer);
    });
  });

  it('a UIDVALIDITY reset (mailbox deleted and recreated) rebuilds the cache', async () => {
    const peer0 = await otherDevice(server, 'reset');
    await peer0.mailboxCreate('Lists');
    for (let i = 0; i < 5; i++) await peer0.append('Lists', mail(`old ${i}`), ['\\Seen']);
    await peer0.logout();
    await withSynced('reset', async (h, peer) => {
      const folderId = `${h.account.id}/Lists`;
      const before = await h.store.db.imapFolderState.get(folderId);
      expect((await localFolder(h.store, folderId)).size).toBe(5);
      await peer.mailboxDelete('Lists');
      await peer.mailboxCreate('Lists');
      for (let i = 0; i < 3; i++) await peer.append('Lists', mail(`new ${i}`), []);
      await h.worker.syncNow();
      const after = await h.store.db.imapFolderState.get(folderId);
      expect(after?.uidValidity).not.toBe(before?.uidValidity);
      const rows = [...(await localFolder(h.store, folderId)).values()];
      expect(rows.map((r) => r.subject).sort()).toEqual(['new 0', 'new 1', 'new 2']);
      expect(rows.every((r) => r.id.includes(`/${after?.uidValidity}/`))).toBe(true);
      expect(await h.store.db.messages.filter((m) => m.id.includes(`/Lists/${before?.uidValidity}/`)).count()).toBe(0);
      await expectMirrors(h, peer, 'Lists');
    });
  });

  it('fetchSource stores the exact bytes and marks the message server+local', async () => {
    const raw = Buffer.concat([Buffer.from(mail('bytes', '\r\n.\r\n..dots\r\n'), 'utf8'), Buffer.from('caf\xe9\r\n', 'latin1')]);
    const file = server.writeToMaildir('source', raw);
    await withSynced('source', async (h) => {
      const rows = [...(await localFolder(h.store, inbox(h))).values()];
      const row = rows.find((r) => r.subject === 'bytes');
      expect(row).toMatchObject({ location: 'server', hasSource: false });
      const got = await h.worker.fetchSource(row?.id as string);
      expect(got.location).toBe('server+local');
      expect(Buffer.from(got.bytes).equals(file.bytes)).toBe(true);
      const stored = await h.store.db.messages.get(row?.id as string);
      expect(stored).toMatchObject({ location: 'server+local', hasSource: true });
      expect(Buffer.from((await getSource(h.store.db, row?.id as string)) ?? []).equals(file.bytes)).toBe(true);
      // Second time from the store, without the server.
      expect(Buffer.from((await h.worker.fetchSource(row?.id as string)).bytes).equals(file.bytes)).toBe(true);
    });
  });

  it('opening an unread message that is not here yet (download and mark read at once) leaves it read', async () => {
    await withSynced('open-read', async (h, peer) => {
      const rows = [...(await localFolder(h.store, inbox(h))).values()].filter((r) => !r.seen && !r.hasSource);
      expect(rows.length).toBeGreaterThan(1);
      for (const row of rows.slice(0, 2)) {
        // What the reader does on open: asks for the source, then marks the message read, not waiting
        // in between. The download's FETCH sees the message unread; its put must not undo the mark.
        const [got, marked] = await Promise.all([h.worker.fetchSource(row.id), h.worker.setFlags([row.id], { seen: true })]);
        expect(got.location).toBe('server+local');
        expect(marked).toBe(1);
        expect(await h.store.db.messages.get(row.id)).toMatchObject({ seen: true, hasSource: true });
      }
      await expectMirrors(h, peer);
      // And a sync after it agrees.
      await h.worker.syncNow();
      for (const row of rows.slice(0, 2)) expect(await h.store.db.messages.get(row.id)).toMatchObject({ seen: true });
    });
  });

  it('reads quota, searches on the server, and creates/renames/deletes folders', async () => {
    await withSynced('extras', async (h, peer) => {
      const quota = await h.worker.getQuota();
      expect(quota?.limitBytes).toBe(1024 * 1024 * 1024);
      expect(quota?.usedBytes).toBeGreaterThan(0);
      const subjects = [...(await localFolder(h.store, inbox(h))).values()].map((r) => r.subject);
      const word = subjects.find((s) => /Quarterly/.test(s)) ? 'Quarterly' : (subjects[0]?.split(' ')[0] ?? 'x');
      const hits = await h.worker.searchServer('INBOX', word);
      expect(hits.length).toBeGreaterThan(0);
      expect(hits).toEqual([...hits].sort((a, b) => b - a));

      await h.worker.createFolder('Receipts');
      expect(await h.store.db.folders.get(`${h.account.id}/Receipts`)).toMatchObject({ path: 'Receipts', role: 'custom', local: false });
      const local = await localFolder(h.store, inbox(h));
      await h.worker.move([local.get(1)?.id as string], `${h.account.id}/Receipts`);
      await h.worker.renameFolder('Receipts', 'Invoices');
      expect(await h.store.db.folders.get(`${h.account.id}/Receipts`)).toBeUndefined();
      expect((await localFolder(h.store, `${h.account.id}/Invoices`)).size).toBe(1);
      await expectMirrors(h, peer, 'Invoices');
      await h.worker.deleteFolder('Invoices');
      expect(await h.store.db.folders.get(`${h.account.id}/Invoices`)).toBeUndefined();
      expect((await peer.list()).some((f) => f.path === 'Invoices')).toBe(false);
      await expect(h.worker.deleteFolder('INBOX')).rejects.toBeInstanceOf(HomingError);
    });
  });

  it('the offline policy downloads recent bodies with their headers, exact bytes; old mail keeps only its header', async () => {
    const recent = Buffer.from(mail('recent').replace('Thu, 01 Jan 2026', new Date().toUTCString().replace('GMT', '+0000')), 'utf8');
    const files = [
      server.writeToMaildir('bodies', recent),
      server.writeToMaildir('bodies', Buffer.from(mail('old one'), 'utf8'), { date: new Date('2020-01-01') }),
    ];
    const h = imapHarness(server, 'bodies', {
      account: imapAccount(server, 'bodies', {}, { offline: { kind: 'recent-bodies', days: 30 } }),
    });
    try {
      await h.worker.syncNow();
      const rows = () => localFolder(h.store, inbox(h)).then((m) => [...m.values()]);
      const row = await waitFor(async () => (await rows()).find((r) => r.subject === 'recent' && r.hasSource));
      expect(row.location).toBe('server+local');
      expect(Buffer.from((await getSource(h.store.db, row.id)) ?? []).equals(files[0]?.bytes as Buffer)).toBe(true);
      // Old mail (the 40 seeded two years back, and the 2020 one) keeps only its header.
      const others = (await rows()).filter((r) => r.subject !== 'recent');
      expect(others.length).toBe(41);
      expect(others.every((r) => !r.hasSource && r.location === 'server')).toBe(true);
    } finally {
      await h.stop();
    }
  });

  it('a mirror keeps what it downloaded in bounded batches, leaves a body over the cap on the server, and stops bodies (not headers) when the disk fills', async () => {
    const big = Buffer.from(mail('big one').replace('\r\n\r\n', `\r\n\r\n${'x'.repeat(70 * 1024)}\r\n`), 'utf8');
    server.writeToMaildir('disk-full', big);
    let roomChecks = 0;
    const h = imapHarness(server, 'disk-full', {
      account: imapAccount(server, 'disk-full', {}, { offline: { kind: 'everything' }, attachmentCapKb: 64 }),
      deps: {
        // Room for two batches of bodies, then the disk is full.
        freeDiskBytes: async () => (++roomChecks <= 2 ? 1e12 : 0),
        tuning: { bodiesPerBatch: 7, bodyBytesPerBatch: 1024 * 1024 },
      },
    });
    try {
      await h.worker.syncNow();
      const byUid = [...(await localFolder(h.store, inbox(h))).entries()].sort((a, b) => b[0] - a[0]);
      const rows = byUid.map(([, r]) => r);
      expect(rows.length).toBe(41);
      expect(rows[0]).toMatchObject({ subject: 'big one', hasSource: false, location: 'server' });
      // The two batches that had room: the first 14 under the cap the FETCH returned (in UID order).
      const underCap = byUid.filter(([, r]) => r.size <= 64 * 1024).map(([uid]) => uid);
      expect(underCap.length).toBeGreaterThan(20);
      const kept = new Set(underCap.slice(-14));
      for (const [uid, r] of byUid) {
        expect(r.hasSource, `uid ${uid}`).toBe(kept.has(uid));
        expect(r.location, `uid ${uid}`).toBe(kept.has(uid) ? 'server+local' : 'server');
      }
      // Exactly the server's bytes, though cut from one FETCH into store batches.
      const peer = await otherDevice(server, 'disk-full');
      try {
        await peer.mailboxOpen('INBOX');
        for (const [uid, row] of byUid.filter(([u]) => kept.has(u))) {
          const remote = await peer.fetchOne(String(uid), { source: true }, { uid: true });
          expect(
            Buffer.from((await getSource(h.store.db, row.id)) ?? []).equals(remote ? (remote.source as Buffer) : Buffer.alloc(1)),
          ).toBe(true);
        }
      } finally {
        await peer.logout();
      }
      expect(roomChecks).toBe(3);
    } finally {
      await h.stop();
    }
  });

  it('checks the other folders periodically (injected interval)', async () => {
    const peer = await otherDevice(server, 'periodic');
    await peer.mailboxCreate('Newsletters');
    const h = imapHarness(server, 'periodic', { deps: { checkIntervalMs: 300 } });
    try {
      await h.worker.syncNow();
      await peer.append('Newsletters', mail('=?ISO-8859-1?Q?Caf=E9_news?='), []);
      const row = await waitFor(async () => [...(await localFolder(h.store, `${h.account.id}/Newsletters`)).values()][0], 5_000);
      expect(row.subject).toBe('Café news');
    } finally {
      await peer.logout();
      await h.stop();
    }
  });

  it('a move the server refuses is undone in the store and reported as server_refused', async () => {
    const peer0 = await otherDevice(server, 'refused');
    await peer0.mailboxCreate('Gone');
    await peer0.logout();
    await withSynced('refused', async (h, peer) => {
      // Another device deletes the folder after our last look at the folder list.
      await peer.mailboxDelete('Gone');
      const local = await localFolder(h.store, inbox(h));
      const ids = [1, 2].map((uid) => local.get(uid)?.id as string);
      const err = await h.worker.move(ids, `${h.account.id}/Gone`).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'server_refused' });
      expect((err as Error).message).toMatch(/put back/);
      for (const id of ids) expect((await h.store.db.messages.get(id))?.folderId).toBe(inbox(h));
      expect(h.worker.pendingChanges).toBe(0);
      await expectMirrors(h, peer);
    });
  });
});
