import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type MaildirFile, type MailServer, startDovecot } from '../../mailserver/dovecot';
import { generateMessages, seedMaildir } from '../../mailserver/seed';
import { imapHarness, localFolder, otherDevice, serverFolder } from './helpers';

const COUNT = 5_000;
let server: MailServer;
let seeded: MaildirFile[];

beforeAll(async () => {
  server = await startDovecot({ users: [{ user: 'first', password: 'first-pw' }] });
  seeded = seedMaildir(server, 'first', generateMessages(COUNT, { seed: 11 }), { mixedFlags: true });
});

afterAll(async () => {
  await server?.stop();
});

describe('IMAP first sync', () => {
  it(`mirrors ${COUNT} messages: every UID once, flags, decoded subjects, newest first`, async () => {
    const h = imapHarness(server, 'first');
    const folderId = `${h.account.id}/INBOX`;
    // Record the order batches land in: the newest 50 must be committed before anything else.
    const putOrder: number[][] = [];
    h.store.afterCommit = (req) => {
      if (req.kind !== 'apply') return;
      for (const op of req.batch.ops)
        if (op.op === 'putMessages' && op.messages.length) putOrder.push(op.messages.map((m) => Number(m.remoteKey.split('/').pop())));
    };
    try {
      const started = Date.now();
      await h.worker.syncNow();
      const elapsed = Date.now() - started;

      const local = await localFolder(h.store, folderId);
      const peer = await otherDevice(server, 'first');
      const remote = await serverFolder(peer, 'INBOX');
      await peer.logout();

      expect(remote.size).toBe(COUNT);
      expect(local.size).toBe(COUNT);
      expect([...local.keys()].sort((a, b) => a - b)).toEqual([...remote.keys()].sort((a, b) => a - b));
      for (const [uid, flags] of remote) {
        const row = local.get(uid);
        expect(row?.seen, `uid ${uid} seen`).toBe(flags.has('\\Seen'));
        expect(row?.flagged, `uid ${uid} flagged`).toBe(flags.has('\\Flagged'));
        expect(row?.answered, `uid ${uid} answered`).toBe(flags.has('\\Answered'));
        expect(row?.location).toBe('server');
        expect(row?.hasSource).toBe(false);
      }

      // First batch = the newest 50, newest first; then everything else, also newest first.
      expect(putOrder[0]).toEqual(Array.from({ length: 50 }, (_, i) => COUNT - i));
      const all = putOrder.flat();
      expect(new Set(all).size).toBe(COUNT);
      expect(all).toEqual([...all].sort((a, b) => b - a));

      // Subjects decoded from RFC 2047, checked against mailparser on a sample of the raw bytes.
      let encoded = 0;
      let threaded = 0;
      for (let i = 0; i < COUNT; i += 17) {
        const file = seeded[i] as MaildirFile;
        const parsed = await simpleParser(file.bytes);
        const row = local.get(i + 1);
        expect(row?.subject, `uid ${i + 1}`).toBe(parsed.subject ?? '');
        // References come from BODY.PEEK[HEADER.FIELDS (REFERENCES)]: ENVELOPE has none.
        const refs = parsed.references === undefined ? [] : [parsed.references].flat();
        expect(row?.references, `uid ${i + 1} references`).toEqual(refs);
        if (refs.length > 0) threaded++;
        if (/=\?[^?]+\?[BQ]\?/i.test(file.bytes.subarray(0, 2000).toString('latin1'))) encoded++;
      }
      expect(encoded).toBeGreaterThan(100);
      expect(threaded).toBeGreaterThan(20);
      for (const row of local.values()) expect(row.subject).not.toMatch(/=\?[^?]+\?[BQbq]\?/);

      // The state that makes the next sync incremental was stored with the messages.
      const state = await h.store.db.imapFolderState.get(folderId);
      expect(state).toMatchObject({ folderId, uidNext: COUNT + 1 });
      expect(state?.highestModseq).toMatch(/^\d+$/);
      expect(h.statuses.at(-1)?.state).toBe('online');
      console.log(`first sync of ${COUNT} headers: ${elapsed} ms`);

      // A second check changes nothing and fetches nothing.
      putOrder.length = 0;
      await h.worker.syncNow();
      expect(putOrder).toEqual([]);
      expect((await localFolder(h.store, folderId)).size).toBe(COUNT);
    } finally {
      await h.stop();
    }
  });
});
