import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HomingError } from '../../../electron/contract';
import { type MailServer, startDovecot } from '../../mailserver/dovecot';
import { generateMessages, seedMaildir } from '../../mailserver/seed';
import { imapHarness, otherDevice } from './helpers';

/**
 * `search:server` against Dovecot: a word that only a message body holds (the local index never
 * sees IMAP bodies that were not downloaded) is found on the server, matches the store holds come
 * back as ids, and a match that arrived after the last sync comes back as a header that opens.
 */

const USER = { user: 'searcher', password: 'searcher-pw' };
let server: MailServer;

beforeAll(async () => {
  server = await startDovecot({ users: [USER] });
  seedMaildir(server, USER.user, generateMessages(25, { seed: 9 }));
});

afterAll(async () => {
  await server?.stop();
});

const withBody = (subject: string, from: string, body: string): string =>
  `From: ${from}\r\nTo: searcher@homing.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@t>\r\n` +
  `Date: Fri, 02 Jan 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;

describe('IMAP server search (Dovecot)', () => {
  it('finds body text on the server, splits stored from not-yet-stored matches, and opens a new one', async () => {
    // IDLE would sync the late arrival before we search; a long debounce keeps it server-only.
    const h = imapHarness(server, USER.user, { deps: { idleDebounceMs: 600_000 } });
    const peer = await otherDevice(server, USER.user);
    const inbox = `${h.account.id}/INBOX`;
    try {
      await peer.append('INBOX', withBody('Plans for spring', 'Ana <ana@example.org>', 'the quokkafire budget is ready'));
      await h.worker.syncNow();
      const storedRow = (await h.store.db.messages.toArray()).find((m) => m.subject === 'Plans for spring');
      expect(storedRow?.hasSource).toBe(false);
      const late = withBody('Late quokka news', 'Bo <bo@example.org>', 'another quokkafire update');
      await peer.append('INBOX', late);

      const found = await h.worker.searchOnServer!(inbox, 'quokkafire', 'text');
      expect(found.matched).toBe(2);
      expect(found.more).toBe(false);
      expect(found.storedIds).toEqual([storedRow!.id]);
      expect(found.notStored.map((m) => [m.subject, m.from[0]?.address, m.location, m.folderId])).toEqual([
        ['Late quokka news', 'bo@example.org', 'server', inbox],
      ]);
      const lateId = found.notStored[0]!.id;
      expect(await h.store.db.messages.get(lateId)).toBeUndefined();

      // Opening it downloads and stores it with its header: it is now a stored match.
      const opened = await h.worker.fetchSource(lateId);
      expect(Buffer.from(opened.bytes).toString('utf8')).toBe(late);
      expect(await h.store.db.messages.get(lateId)).toMatchObject({ subject: 'Late quokka news', hasSource: true });
      const again = await h.worker.searchOnServer!(inbox, 'quokkafire', 'text');
      expect(new Set(again.storedIds)).toEqual(new Set([storedRow!.id, lateId]));
      expect(again.notStored).toEqual([]);

      // Header fields: FROM matches the sender only, SUBJECT the subject only.
      expect((await h.worker.searchOnServer!(inbox, 'bo@example.org', 'from')).matched).toBe(1);
      expect((await h.worker.searchOnServer!(inbox, 'quokkafire', 'subject')).matched).toBe(0);
      expect((await h.worker.searchOnServer!(inbox, 'spring', 'subject')).storedIds).toEqual([storedRow!.id]);
      expect((await h.worker.searchOnServer!(inbox, 'no-such-word-anywhere', 'text')).matched).toBe(0);
      await expect(h.worker.searchOnServer!(`${h.account.id}/Nowhere`, 'x', 'text')).rejects.toBeInstanceOf(HomingError);
    } finally {
      await peer.logout().catch(() => undefined);
      await h.stop();
    }
  });
});
