import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { MessageHeader } from '../../../electron/contract';
import { type MailServer, startDovecot } from '../../mailserver/dovecot';
import { generateMessages, seedMaildir } from '../../mailserver/seed';
import { imapAccount, imapHarness, localFolder } from './helpers';

/**
 * Messages whose list fields are easy to get wrong: read from the server's ENVELOPE when only the
 * header is fetched, from the message's own header block when the body comes with it
 * (message-mapper.ts `sourceQuery`). Both must list a message the same way, but for raw Latin-1
 * in a header, which only the source reads right.
 */
const edgeCases = [
  // No Date header: both fall back to the server's arrival time.
  'From: a@example.org\r\nTo: b@example.org\r\nSubject: no date\r\nMessage-ID: <nodate@x>\r\n\r\nbody\r\n',
  // A Date nobody can read.
  'Date: someday soon\r\nFrom: a@example.org\r\nTo: b@example.org\r\nSubject: bad date\r\n\r\nbody\r\n',
  // A comment after the zone, and a folded, encoded subject in two charsets.
  'Date: Tue, 03 Mar 2026 09:15:00 +0100 (CET)\r\nFrom: "Doe, Jane" <jane@example.org>\r\nTo: b@example.org, "C. Carol" <carol@example.org>\r\n' +
    'Subject: =?ISO-8859-1?Q?Caf=E9?=\r\n =?UTF-8?B?IOKAkyBzdHJhw59l?=\r\nMessage-ID: <folded@x>\r\n\r\nbody\r\n',
  // An encoded display name, several Cc, no Message-ID, a reply with a References chain.
  'Date: Wed, 04 Mar 2026 10:00:00 +0000\r\nFrom: =?UTF-8?B?WsO2ZSBNw7xsbGVy?= <zoe@example.org>\r\nTo: b@example.org\r\n' +
    'Cc: one@example.org, Two <two@example.org>,\r\n three@example.org\r\nSubject: Re: plan\r\nIn-Reply-To: <parent@x>\r\n' +
    'References: <root@x>\r\n <parent@x>\r\n\r\nbody\r\n',
  // A group with no members (RFC 5322 §3.4): its name is all there is to show.
  'Date: Thu, 05 Mar 2026 11:00:00 +0000\r\nFrom: a@example.org\r\nTo: undisclosed-recipients:;\r\nSubject: group\r\n\r\nbody\r\n',
  // A group with members, beside a plain address.
  'Date: Thu, 05 Mar 2026 11:30:00 +0000\r\nFrom: a@example.org\r\nTo: Team: one@example.org, Two <two@example.org>;, b@example.org\r\nSubject: team\r\n\r\nbody\r\n',
  // Bare LF line ends, a folded To.
  'Date: Sat, 07 Mar 2026 10:00:00 +0000\nFrom: Ann <ann@example.org>\nTo: b@example.org,\n c@example.org\nSubject: lf only\n\nbody\n',
  // Raw 8-bit headers: UTF-8 (RFC 6532), and Latin-1 from a broken mailer.
  'Date: Sat, 07 Mar 2026 11:00:00 +0000\r\nFrom: Jörg <joerg@example.org>\r\nSubject: Grüße utf8 raw\r\n\r\nbody\r\n',
  'Date: Sat, 07 Mar 2026 12:00:00 +0000\r\nFrom: René <rene@example.org>\r\nSubject: Café latin1 raw\r\n\r\nbody\r\n',
  // No Subject, no From, no To at all.
  'Date: Thu, 05 Mar 2026 10:00:00 +0000\r\nMessage-ID: <bare@x>\r\n\r\nbody\r\n',
  // An inline image of an HTML body is not an attachment; a signature is not either.
  'Date: Fri, 06 Mar 2026 10:00:00 +0000\r\nFrom: a@example.org\r\nTo: b@example.org\r\nSubject: inline\r\nMIME-Version: 1.0\r\n' +
    'Content-Type: multipart/signed; boundary="s"; protocol="application/pgp-signature"\r\n\r\n--s\r\n' +
    'Content-Type: multipart/related; boundary="r"\r\n\r\n--r\r\nContent-Type: text/html\r\n\r\n<img src="cid:i">\r\n--r\r\n' +
    'Content-Type: image/png; name="i.png"\r\nContent-ID: <i>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--r--\r\n' +
    '--s\r\nContent-Type: application/pgp-signature; name="signature.asc"\r\n\r\n-----BEGIN PGP SIGNATURE-----\r\n--s--\r\n',
].map((text) => Buffer.from(text, text.includes('latin1 raw') ? 'latin1' : 'utf8'));

const GENERATED = 400;
const COUNT = GENERATED + edgeCases.length;
let server: MailServer;

beforeAll(async () => {
  server = await startDovecot({
    users: [
      { user: 'listed', password: 'listed-pw' },
      { user: 'kept', password: 'kept-pw' },
    ],
  });
  // The same bytes in the same order: UID n is the same message in both mailboxes.
  const messages = [...generateMessages(GENERATED, { seed: 31 }), ...edgeCases];
  for (const user of ['listed', 'kept']) seedMaildir(server, user, messages, { mixedFlags: true, seed: 5 });
});

afterAll(async () => {
  await server?.stop();
});

const listFields = (row: MessageHeader) => ({
  subject: row.subject,
  from: row.from,
  to: row.to,
  cc: row.cc,
  date: row.date,
  messageId: row.messageId,
  inReplyTo: row.inReplyTo,
  references: row.references,
  size: row.size,
  hasAttachments: row.hasAttachments,
  seen: row.seen,
  flagged: row.flagged,
  answered: row.answered,
});

describe('IMAP mirror list fields', () => {
  it('lists a message kept offline exactly as one whose header alone was fetched', async () => {
    const listed = imapHarness(server, 'listed');
    const kept = imapHarness(server, 'kept', {
      account: imapAccount(server, 'kept', {}, { offline: { kind: 'everything' }, attachmentCapKb: 1_000_000 }),
    });
    try {
      await listed.worker.syncNow();
      await kept.worker.syncNow();
      const headers = await localFolder(listed.store, `${listed.account.id}/INBOX`);
      const bodies = await localFolder(kept.store, `${kept.account.id}/INBOX`);
      expect(headers.size).toBe(COUNT);
      expect(bodies.size).toBe(COUNT);
      for (const [uid, row] of headers) {
        const other = bodies.get(uid);
        expect(row.hasSource, `uid ${uid}`).toBe(false);
        expect(other?.hasSource, `uid ${uid}`).toBe(true);
        expect(other?.location, `uid ${uid}`).toBe('server+local');
        // Raw Latin-1 in a header (a broken mailer's) is one thing only the source gets right:
        // imapflow reads the ENVELOPE's bytes as UTF-8, so "é" arrives as U+FFFD.
        if (row.subject.includes('latin1 raw')) {
          expect(row.subject).toBe('Caf\uFFFD latin1 raw');
          expect(other).toMatchObject({ subject: 'Café latin1 raw', from: [{ name: 'René', address: 'rene@example.org' }] });
          continue;
        }
        expect(listFields(other!), `uid ${uid}`).toEqual(listFields(row));
      }
      // The edge cases are what they claim to be (Dovecot numbers them in its own order).
      const rows = [...bodies.values()];
      const bySubject = (subject: string) => rows.find((r) => r.subject === subject);
      // Without a readable Date, the date is when the server received it: here, just now.
      for (const subject of ['no date', 'bad date'])
        expect(Math.abs(bySubject(subject)!.date - Date.now()), subject).toBeLessThan(3_600_000);
      expect(bySubject('Café – straße')?.from).toEqual([{ name: 'Doe, Jane', address: 'jane@example.org' }]);
      expect(bySubject('Re: plan')).toMatchObject({
        from: [{ name: 'Zöe Müller', address: 'zoe@example.org' }],
        inReplyTo: '<parent@x>',
        references: ['<root@x>', '<parent@x>'],
        messageId: null,
      });
      expect(bySubject('Re: plan')?.cc.map((a) => a.address)).toEqual(['one@example.org', 'two@example.org', 'three@example.org']);
      expect(rows.find((r) => r.messageId === '<bare@x>')).toMatchObject({ subject: '', from: [], to: [] });
      expect(bySubject('inline')?.hasAttachments).toBe(false);
      expect(bySubject('lf only')?.to.map((a) => a.address)).toEqual(['b@example.org', 'c@example.org']);
      expect(bySubject('Grüße utf8 raw')?.from).toEqual([{ name: 'Jörg', address: 'joerg@example.org' }]);
      expect(bySubject('group')?.to).toEqual([{ name: 'undisclosed-recipients', address: '' }]);
      expect(bySubject('team')?.to).toEqual([
        { name: 'Team', address: '' },
        { name: '', address: 'one@example.org' },
        { name: 'Two', address: 'two@example.org' },
        { name: '', address: 'b@example.org' },
      ]);
      expect([...bodies.values()].filter((r) => r.hasAttachments).length).toBeGreaterThan(50);
    } finally {
      await listed.stop();
      await kept.stop();
    }
  });
});
