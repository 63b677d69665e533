import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type MailServer, startDovecot } from '../../mailserver/dovecot';
import { generateMessages, seedMaildir } from '../../mailserver/seed';
import { type Harness, imapHarness, localFolder, mail, otherDevice, serverFolder } from './helpers';

// Each scenario runs twice: with QRESYNC/CONDSTORE (Dovecot's default) and with them left off, as
// on a server without them, so the UID/flags comparison path is proven against a real server too.
const modes = [
  { name: 'QRESYNC', withoutModseq: false },
  { name: 'no CONDSTORE (UID/flags diff)', withoutModseq: true },
] as const;
const users = modes.flatMap((_, i) => [`live${i}`, `restart${i}`]);
let server: MailServer;

beforeAll(async () => {
  server = await startDovecot({ users: users.map((user) => ({ user, password: `${user}-pw` })) });
  for (const user of users) seedMaildir(server, user, generateMessages(300, { seed: 8 }), { mixedFlags: true });
});

afterAll(async () => {
  await server?.stop();
});

type Peer = Awaited<ReturnType<typeof otherDevice>>;

/** Another device flags, unflags, expunges and receives mail while we are not looking. */
const changeEverything = async (peer: Peer, tag: string) => {
  const lock = await peer.getMailboxLock('INBOX');
  try {
    await peer.messageFlagsAdd('10:30', ['\\Flagged', '\\Seen'], { uid: true });
    await peer.messageFlagsRemove('40:60', ['\\Seen'], { uid: true });
    await peer.messageDelete('100:180,250', { uid: true });
  } finally {
    lock.release();
  }
  for (let i = 0; i < 3; i++) await peer.append('INBOX', mail(`${tag} ${i}`), i === 0 ? ['\\Seen'] : []);
};

const expectMirrors = async (h: Harness, peer: Peer) => {
  const local = await localFolder(h.store, `${h.account.id}/INBOX`);
  const remote = await serverFolder(peer, 'INBOX');
  expect([...local.keys()].sort((a, b) => a - b)).toEqual([...remote.keys()].sort((a, b) => a - b));
  for (const [uid, flags] of remote) {
    expect(local.get(uid)?.seen, `uid ${uid} seen`).toBe(flags.has('\\Seen'));
    expect(local.get(uid)?.flagged, `uid ${uid} flagged`).toBe(flags.has('\\Flagged'));
  }
};

describe.each(modes.map((m, i) => ({ ...m, i })))('IMAP convergence, $name', ({ withoutModseq, i }) => {
  const deps = { connect: { withoutModseq }, checkIntervalMs: 0 };

  it('converges after another device changed flags, expunged and delivered', async () => {
    const h = imapHarness(server, `live${i}`, { deps });
    const peer = await otherDevice(server, `live${i}`);
    try {
      await h.worker.syncNow();
      await expectMirrors(h, peer);
      await changeEverything(peer, 'live');
      await h.worker.syncNow();
      await expectMirrors(h, peer);
      expect([...(await localFolder(h.store, `${h.account.id}/INBOX`)).values()].filter((r) => r.subject.startsWith('live ')).length).toBe(
        3,
      );
    } finally {
      await peer.logout();
      await h.stop();
    }
  });

  it('after a restart of the app, resumes from the stored state without fetching known headers again', async () => {
    const first = imapHarness(server, `restart${i}`, { deps });
    await first.worker.syncNow();
    await first.stop();
    const peer = await otherDevice(server, `restart${i}`);
    try {
      await changeEverything(peer, 'restart');
      // A new worker on the same store: nothing in memory, everything from the store and server.
      const again = imapHarness(server, `restart${i}`, { deps, store: first.store });
      let headersPut = 0;
      again.store.afterCommit = (req) => {
        if (req.kind === 'apply') for (const op of req.batch.ops) if (op.op === 'putMessages') headersPut += op.messages.length;
      };
      try {
        await again.worker.syncNow();
        await expectMirrors(again, peer);
        expect(headersPut).toBe(3);
        // And once more, now with what this run learned: still exact, nothing fetched.
        await changeEverything(peer, 'again');
        headersPut = 0;
        await again.worker.syncNow();
        await expectMirrors(again, peer);
        expect(headersPut).toBe(3);
      } finally {
        again.store.afterCommit = undefined;
        await again.stop();
      }
    } finally {
      await peer.logout();
    }
  });
});
