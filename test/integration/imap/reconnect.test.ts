import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type MailServer, startDovecot } from '../../mailserver/dovecot';
import { generateMessages, seedMaildir } from '../../mailserver/seed';
import { imapAccount, imapHarness, localFolder, otherDevice, serverFolder, waitFor } from './helpers';

// Our own dir, so stop() keeps the mail and restart() brings the same server back.
const dir = mkdtempSync(join(tmpdir(), 'hm-imap-'));
const COUNT = 3_000;
const MIRRORED = 1_200;
let server: MailServer;

beforeAll(async () => {
  server = await startDovecot({ dir, users: ['restart', 'offline', 'stale', 'mirror'].map((user) => ({ user, password: `${user}-pw` })) });
  seedMaildir(server, 'restart', generateMessages(COUNT, { seed: 21 }), { mixedFlags: true });
  seedMaildir(server, 'mirror', generateMessages(MIRRORED, { seed: 22 }), { mixedFlags: true });
  seedMaildir(server, 'offline', generateMessages(40, { seed: 4 }), { mixedFlags: true });
  seedMaildir(server, 'stale', generateMessages(40, { seed: 4 }), { mixedFlags: true });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('IMAP reconnects', () => {
  it('survives the server being killed and restarted mid-sync: no loss, no duplicate', async () => {
    const h = imapHarness(server, 'restart');
    const folderId = `${h.account.id}/INBOX`;
    const putCounts = new Map<string, number>();
    h.store.afterCommit = (req) => {
      if (req.kind !== 'apply') return;
      for (const op of req.batch.ops)
        if (op.op === 'putMessages') for (const m of op.messages) putCounts.set(m.id, (putCounts.get(m.id) ?? 0) + 1);
    };
    // Once 500 are in, the store holds the next batch until the server has been killed: a fast
    // machine must not finish the sync before the kill (it did, and the sync resolved).
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    h.store.gate = (req) => (req.kind === 'apply' && putCounts.size >= 500 ? held : undefined);
    try {
      const first = h.worker.syncNow();
      first.catch(() => undefined);
      // Mid-sync: some batches are in, most are not.
      await waitFor(async () => (await localFolder(h.store, folderId)).size >= 500, 30_000, 5);
      const atKill = (await localFolder(h.store, folderId)).size;
      expect(atKill).toBeLessThan(COUNT);
      await server.restart();
      release();
      await expect(first).rejects.toMatchObject({ code: expect.stringMatching(/connection_lost|timeout|connection_refused/) });
      // No manual retry: the worker reconnects on its own after its backoff.
      await waitFor(() => h.statuses.at(-1)?.state === 'online', 60_000);
      expect(h.statuses.some((s) => s.state === 'reconnecting' && typeof s.nextCheckAt === 'number')).toBe(true);

      const local = await localFolder(h.store, folderId);
      const peer = await otherDevice(server, 'restart');
      const remote = await serverFolder(peer, 'INBOX');
      await peer.logout();
      expect(local.size).toBe(COUNT);
      expect([...local.keys()].sort((a, b) => a - b)).toEqual([...remote.keys()].sort((a, b) => a - b));
      for (const [uid, flags] of remote) expect(local.get(uid)?.seen).toBe(flags.has('\\Seen'));
      // Resumed, not restarted: what landed before the kill was not fetched and put again.
      const twice = [...putCounts.values()].filter((n) => n > 1).length;
      expect(twice).toBe(0);
      expect(putCounts.size).toBe(COUNT);
      console.log(`killed after ${atKill} of ${COUNT}; resumed without refetching them`);
    } finally {
      release();
      await h.stop();
    }
  });

  it('a full offline mirror killed mid-sync resumes: each message put once, with its exact source', async () => {
    const h = imapHarness(server, 'mirror', {
      account: imapAccount(server, 'mirror', {}, { offline: { kind: 'everything' }, attachmentCapKb: 1_000_000 }),
      // Small batches: the engine fetches ahead of the store by only a few, so most of the
      // mailbox is still on the server when the store is held and the server killed.
      deps: { tuning: { chunk: 100, bodiesPerBatch: 40 } },
    });
    const folderId = `${h.account.id}/INBOX`;
    const puts = new Map<string, number>();
    const withSource = new Set<string>();
    h.store.afterCommit = (req) => {
      if (req.kind !== 'apply') return;
      for (const op of req.batch.ops) {
        if (op.op !== 'putMessages') continue;
        for (const m of op.messages) puts.set(m.id, (puts.get(m.id) ?? 0) + 1);
        for (const src of op.sources) withSource.add(src.id);
      }
    };
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    h.store.gate = (req) => (req.kind === 'apply' && puts.size >= 300 ? held : undefined);
    try {
      const first = h.worker.syncNow();
      first.catch(() => undefined);
      await waitFor(async () => (await localFolder(h.store, folderId)).size >= 300, 30_000, 5);
      expect((await localFolder(h.store, folderId)).size).toBeLessThan(MIRRORED);
      await server.restart();
      release();
      await expect(first).rejects.toMatchObject({ code: expect.stringMatching(/connection_lost|timeout|connection_refused/) });
      await waitFor(() => h.statuses.at(-1)?.state === 'online', 60_000);

      const local = await localFolder(h.store, folderId);
      const peer = await otherDevice(server, 'mirror');
      const remote = await serverFolder(peer, 'INBOX');
      const lock = await peer.getMailboxLock('INBOX');
      const sources = new Map<number, Buffer>();
      try {
        for await (const m of peer.fetch('1:*', { uid: true, source: true }, { uid: true })) if (m.source) sources.set(m.uid, m.source);
      } finally {
        lock.release();
        await peer.logout();
      }
      expect([...local.keys()].sort((a, b) => a - b)).toEqual([...remote.keys()].sort((a, b) => a - b));
      for (const [uid, flags] of remote) {
        const row = local.get(uid);
        expect(row).toMatchObject({
          seen: flags.has('\\Seen'),
          flagged: flags.has('\\Flagged'),
          location: 'server+local',
          hasSource: true,
        });
        const stored = await h.store.request({ kind: 'readSource', messageId: row?.id as string });
        expect(Buffer.from(stored?.bytes ?? []).equals(sources.get(uid) as Buffer), `uid ${uid} source`).toBe(true);
      }
      // One put per message, header and source together: never a bare header rewritten later.
      expect([...puts.values()].every((n) => n === 1)).toBe(true);
      expect(puts.size).toBe(MIRRORED);
      expect(withSource.size).toBe(MIRRORED);
    } finally {
      release();
      await h.stop();
    }
  });

  it('keeps changes made while the server is down and sends them after reconnecting', async () => {
    const h = imapHarness(server, 'offline');
    try {
      await h.worker.syncNow();
      const local = await localFolder(h.store, `${h.account.id}/INBOX`);
      const id = local.get(20)?.id as string;
      const wasFlagged = local.get(20)?.flagged as boolean;
      await server.stop();
      try {
        expect(await h.worker.setFlags([id], { flagged: !wasFlagged })).toBe(1);
        expect((await h.store.db.messages.get(id))?.flagged).toBe(!wasFlagged);
        expect(h.worker.pendingChanges).toBe(1);
        await waitFor(() => h.statuses.at(-1)?.state === 'reconnecting', 5_000);
      } finally {
        await server.restart();
      }
      await waitFor(() => h.statuses.at(-1)?.state === 'online' && h.worker.pendingChanges === 0, 15_000);
      const peer = await otherDevice(server, 'offline');
      expect((await serverFolder(peer, 'INBOX')).get(20)?.has('\\Flagged')).toBe(!wasFlagged);
      await peer.logout();
      expect((await h.store.db.messages.get(id))?.flagged).toBe(!wasFlagged);
    } finally {
      await h.stop();
    }
  });

  it('keeps changes made offline across quitting the app, and sends them at the next start', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'homing-imap-state-'));
    const first = imapHarness(server, 'offline', { deps: { stateDir } });
    let id = '';
    let wasSeen = false;
    try {
      await first.worker.syncNow();
      const local = await localFolder(first.store, `${first.account.id}/INBOX`);
      id = local.get(25)?.id as string;
      wasSeen = local.get(25)?.seen as boolean;
      await server.stop();
      try {
        expect(await first.worker.setFlags([id], { seen: !wasSeen })).toBe(1);
        expect(first.worker.pendingChanges).toBe(1);
      } finally {
        // The app quits while offline.
        await first.stop();
      }
    } finally {
      await server.restart();
    }
    const second = imapHarness(server, 'offline', { deps: { stateDir }, store: first.store });
    try {
      expect(second.worker.pendingChanges).toBe(1);
      await second.worker.syncNow();
      expect(second.worker.pendingChanges).toBe(0);
      const peer = await otherDevice(server, 'offline');
      const uid = Number(id.split('/').at(-1));
      expect((await serverFolder(peer, 'INBOX')).get(uid)?.has('\\Seen')).toBe(!wasSeen);
      await peer.logout();
    } finally {
      await second.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('an offline change replayed after another device changed the same message loses to it (UNCHANGEDSINCE)', async () => {
    // A slow first retry leaves time for the other device to act before we are back.
    const h = imapHarness(server, 'stale', { deps: { backoff: { baseMs: 4_000, maxMs: 4_000 } } });
    try {
      await h.worker.syncNow();
      const local = await localFolder(h.store, `${h.account.id}/INBOX`);
      const uid = [...local.values()]
        .find((r) => !r.flagged)
        ?.remoteKey.split('/')
        .pop();
      const id = local.get(Number(uid))?.id as string;
      await server.stop();
      try {
        expect(await h.worker.setFlags([id], { flagged: true })).toBe(1);
        expect(h.worker.pendingChanges).toBe(1);
      } finally {
        await server.restart();
      }
      // Meanwhile, on the phone: the same message gets flagged and unflagged again (newer modseq).
      const peer = await otherDevice(server, 'stale');
      const lock = await peer.getMailboxLock('INBOX');
      try {
        await peer.messageFlagsAdd(String(uid), ['\\Flagged'], { uid: true });
        await peer.messageFlagsRemove(String(uid), ['\\Flagged'], { uid: true });
      } finally {
        lock.release();
      }
      await waitFor(() => h.statuses.at(-1)?.state === 'online' && h.worker.pendingChanges === 0, 20_000);
      expect((await serverFolder(peer, 'INBOX')).get(Number(uid))?.has('\\Flagged')).toBe(false);
      expect((await h.store.db.messages.get(id))?.flagged).toBe(false);
      await peer.logout();
    } finally {
      await h.stop();
    }
  });
});
