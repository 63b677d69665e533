import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Draft } from '../../../electron/contract/compose';
import {
  account,
  folderMessages,
  type Harness,
  harness,
  passwordOf,
  popMessages,
  type Servers,
  startServers,
  withMessageId,
  withoutTraceHeaders,
} from './helpers';

let s: Servers;
let h: Harness;
let alice: ReturnType<typeof account>;

beforeAll(async () => {
  s = await startServers({ messageSizeLimit: 200_000 });
  alice = account(s, 'alice@homing.test', 'imap');
  h = await harness(s, [alice]);
});
afterAll(async () => {
  await h?.close();
  await s?.close();
});

const draftFor = async (over: Partial<Draft>): Promise<Draft> => ({ ...(await h.service.start(alice.id, 'new')), ...over });

const sentCopy = async (messageId: string) => withMessageId(await folderMessages(s, 'alice@homing.test', 'Sent'), messageId);

describe('sending through Postfix to Dovecot', () => {
  it('delivers exactly the MIME Homing built, readable over IMAP and POP3, with one Sent copy', async () => {
    const draft = await draftFor({
      to: [{ name: 'Bob Bäcker', address: 'bob@homing.test' }],
      cc: [{ name: 'Zoë «Z» Ünal', address: 'carol@homing.test' }],
      subject: 'Grüße aus Köln — Bericht ✓ 日本語',
      text: 'Hallo Bob,\n\nanbei der *Bericht*. Ein sehr langer Satz, der über die übliche Zeilenlänge hinausgeht, damit quoted-printable ihn umbrechen muss.\n\n-- \nAlice',
      format: 'formatted',
    });
    await h.service.save(draft);
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80, ...Buffer.from('binary ✓')]);
    await h.service.addAttachment(draft.id, 'Bericht März.pdf', 'application/pdf', pdf);
    const latest = await h.service.open(draft.id);

    const entry = await h.service.send(latest);
    expect(entry.state, JSON.stringify(entry.lastError)).toBe('sent');
    await s.smtp.waitForEmptyQueue();

    const bobImap = await folderMessages(s, 'bob@homing.test', 'INBOX');
    expect(withMessageId(bobImap, entry.messageId)).toBe(1);
    const delivered = bobImap.find((m) => m.source.toString('latin1').includes(entry.messageId))!.source;

    // The Sent copy is the built message with Bcc (none here): byte-for-byte what went over SMTP.
    const sent = (await folderMessages(s, 'alice@homing.test', 'Sent')).filter((m) =>
      m.source.toString('latin1').includes(entry.messageId),
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]!.flags.has('\\Seen')).toBe(true);
    expect(withoutTraceHeaders(delivered).equals(sent[0]!.source)).toBe(true);
    // Only Return-Path and Received were added on top.
    const added = delivered.subarray(0, delivered.length - sent[0]!.source.length).toString('latin1');
    expect(
      added
        .split('\r\n')
        .filter((l) => l && !/^[ \t]/.test(l))
        .map((l) => l.split(':')[0]),
    ).toEqual(['Return-Path', 'Received']);

    const pop = (await popMessages(s, 'carol@homing.test')).find((m) => m.toString('latin1').includes(entry.messageId))!;
    expect(withoutTraceHeaders(pop).equals(sent[0]!.source)).toBe(true);

    const parsed = await simpleParser(delivered);
    expect(parsed.subject).toBe('Grüße aus Köln — Bericht ✓ 日本語');
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Alice Ärger', address: 'alice@homing.test' });
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0] : null).toMatchObject({
      name: 'Bob Bäcker',
      address: 'bob@homing.test',
    });
    expect(parsed.cc && !Array.isArray(parsed.cc) ? parsed.cc.value[0] : null).toMatchObject({ name: 'Zoë «Z» Ünal' });
    expect(parsed.text).toContain('anbei der *Bericht*');
    expect(parsed.html).toContain('<b>Bericht</b>');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]!.filename).toBe('Bericht März.pdf');
    expect(parsed.attachments[0]!.content.equals(pdf)).toBe(true);
    expect(parsed.messageId).toBe(entry.messageId);

    // Sent: the draft is gone here and from the server's Drafts; the Outbox is empty.
    expect(await h.service.listDrafts()).not.toContainEqual(expect.objectContaining({ id: draft.id }));
    expect(withMessageId(await folderMessages(s, 'alice@homing.test', 'Drafts'), entry.messageId)).toBe(0);
    expect(h.service.outbox.list()).toEqual([]);
  });

  it('keeps Bcc out of what recipients get, and in the Sent copy', async () => {
    const draft = await draftFor({
      to: [{ name: '', address: 'bob@homing.test' }],
      bcc: [{ name: 'Carol', address: 'carol@homing.test' }],
      subject: 'bcc check',
      text: 'hi',
    });
    const entry = await h.service.send(draft);
    expect(entry.state).toBe('sent');
    await s.smtp.waitForEmptyQueue();
    const atCarol = (await folderMessages(s, 'carol@homing.test', 'INBOX')).find((m) => m.source.toString().includes(entry.messageId))!;
    expect(atCarol.source.toString()).not.toMatch(/^Bcc:/im);
    const copy = (await folderMessages(s, 'alice@homing.test', 'Sent')).find((m) => m.source.toString().includes(entry.messageId))!;
    expect(copy.source.toString()).toMatch(/^Bcc: Carol <carol@homing.test>\r$/im);
  });

  it('refuses a recipient the server rejects, names it, sends nothing to anyone, and keeps the draft', async () => {
    const draft = await draftFor({
      to: [
        { name: '', address: 'bob@homing.test' },
        { name: '', address: 'nobody@homing.test' },
      ],
      subject: 'partly refused',
      text: 'only all or nothing',
    });
    await h.service.saveRemote(draft.id).then(() => h.service.save(draft));
    const entry = await h.service.send(draft);
    expect(entry.state).toBe('failed');
    expect(entry.lastError?.code).toBe('server_refused');
    expect(entry.lastError?.detail?.reason).toBe('recipient_refused');
    expect(entry.lastError?.detail?.recipient).toBe('nobody@homing.test');
    expect(entry.lastError?.message).toContain('nobody@homing.test');
    expect(entry.lastError?.message).toMatch(/does not accept mail/);
    // Nothing reached bob either (no partial delivery), the Outbox is clear, the draft stays.
    await s.smtp.waitForEmptyQueue();
    expect(withMessageId(await folderMessages(s, 'bob@homing.test', 'INBOX'), entry.messageId)).toBe(0);
    expect(h.service.outbox.list().map((e) => e.id)).not.toContain(entry.id);
    expect((await h.service.open(draft.id)).subject).toBe('partly refused');
    expect(withMessageId(await folderMessages(s, 'alice@homing.test', 'Drafts'), entry.messageId)).toBe(1);
    expect(await sentCopy(entry.messageId)).toBe(0);
  });

  it('says "relay denied" for a domain the server does not send to', async () => {
    const entry = await h.service.send(await draftFor({ to: [{ name: '', address: 'someone@example.org' }], subject: 'relay', text: 'x' }));
    expect(entry.state).toBe('failed');
    expect(entry.lastError?.detail?.reason).toBe('relay_denied');
    expect(entry.lastError?.message).toMatch(/relay denied/);
  });

  it('refuses a message larger than the SIZE the server announced, before sending it', async () => {
    const draft = await draftFor({ to: [{ name: '', address: 'bob@homing.test' }], subject: 'too big', text: 'see attachment' });
    await h.service.save(draft);
    await h.service.addAttachment(draft.id, 'big.bin', 'application/octet-stream', Buffer.alloc(300_000, 7));
    const entry = await h.service.send(await h.service.open(draft.id));
    expect(entry.state).toBe('failed');
    expect(entry.lastError?.detail?.reason).toBe('too_large');
    expect(entry.lastError?.detail?.limit).toBe('200000');
    expect(entry.lastError?.message).toMatch(/at most 195 KB/);
    expect(entry.attempts).toBe(1);
    // Never reached MAIL FROM: Postfix logged no transaction for it.
    const logText = await readFile(s.smtp.logPath, 'utf8');
    expect(logText).not.toContain('message file too big');
    expect((await h.service.open(draft.id)).attachments).toHaveLength(1);
  });

  it('reports a wrong password plainly, keeps the message, and sends it once after the fix', async () => {
    const wrong = { ...alice, id: 'acct-wrong' };
    let password = 'not-the-password';
    const other = await harness(s, [wrong], { password: async () => password });
    try {
      const d = {
        ...(await other.service.start(wrong.id, 'new')),
        to: [{ name: '', address: 'bob@homing.test' }],
        subject: 'pw',
        text: 'x',
      };
      const entry = await other.service.send(d);
      expect(entry.state).toBe('failed');
      expect(entry.lastError?.code).toBe('auth_failed');
      expect(entry.lastError?.message).toMatch(/did not accept the user name or password/);
      expect(other.service.outbox.list().map((e) => e.id)).toEqual([entry.id]);

      password = passwordOf('alice@homing.test');
      const again = await other.service.send(d);
      expect(again.state).toBe('sent');
      // The failed try was replaced, not kept beside it: nothing left to send twice.
      expect(other.service.outbox.list()).toEqual([]);
      await s.smtp.waitForEmptyQueue();
      expect(withMessageId(await folderMessages(s, 'bob@homing.test', 'INBOX'), entry.messageId)).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('marks the answered original \\Answered on the server', async () => {
    // bob writes to alice; alice answers it.
    const bob = account(s, 'bob@homing.test', 'imap');
    const hb = await harness(s, [bob]);
    try {
      const first = await hb.service.send({
        ...(await hb.service.start(bob.id, 'new')),
        to: [{ name: 'Alice', address: 'alice@homing.test' }],
        subject: 'Frage',
        text: 'Kommst du?\n',
      });
      expect(first.state).toBe('sent');
      await s.smtp.waitForEmptyQueue();
    } finally {
      await hb.close();
    }
    const inbox = await folderMessages(s, 'alice@homing.test', 'INBOX');
    const original = inbox.find((m) => m.source.toString().includes('Subject: Frage'))!;
    const client = await (await import('./helpers')).imapClient(s, 'alice@homing.test');
    const uidValidity = await (async () => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        return String(client.mailbox && client.mailbox.uidValidity);
      } finally {
        lock.release();
        await client.logout();
      }
    })();
    const storeId = `${alice.id}/INBOX/${uidValidity}/${original.uid}`;
    const reply = await harness(s, [alice], { fetchSource: async () => original.source });
    try {
      const draft = await reply.service.start(alice.id, 'reply', storeId);
      expect(draft.subject).toBe('Re: Frage');
      expect(draft.to).toEqual([expect.objectContaining({ address: 'bob@homing.test' })]);
      expect(draft.text).toContain('> Kommst du?');
      expect(draft.inReplyTo).toMatch(/^<.+>$/);
      expect(draft.references).toEqual([draft.inReplyTo]);
      const entry = await reply.service.send(draft);
      expect(entry.state).toBe('sent');
      const after = (await folderMessages(s, 'alice@homing.test', 'INBOX')).find((m) => m.uid === original.uid)!;
      expect(after.flags.has('\\Answered')).toBe(true);
      await s.smtp.waitForEmptyQueue();
      const atBob = (await folderMessages(s, 'bob@homing.test', 'INBOX')).find((m) => m.source.toString().includes(entry.messageId))!;
      const parsed = await simpleParser(atBob.source);
      expect(parsed.inReplyTo).toBe(draft.inReplyTo);
    } finally {
      await reply.close();
    }
  });

  it('keeps outbox files only while a message is in the Outbox', async () => {
    const entry = await h.service.send(await draftFor({ to: [{ name: '', address: 'bob@homing.test' }], subject: 'files', text: 'x' }));
    expect(entry.state).toBe('sent');
    await expect(readFile(join(h.dataDir, 'outbox', `${entry.id}.json`))).rejects.toThrow();
  });

  it('forwards as an attachment with the original bytes untouched (message/rfc822)', async () => {
    const original = Buffer.from(
      'From: Zoë <zoe@example.org>\r\nTo: alice@homing.test\r\nSubject: Ürsprung\r\nMessage-ID: <orig-fwd@example.org>\r\nDate: Thu, 01 Jan 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße, 8-bit body\r\n',
    );
    const fwd = await harness(s, [alice], { fetchSource: async () => original });
    try {
      const draft = await fwd.service.start(alice.id, 'forwardAsAttachment', `${alice.id}/INBOX/1/999999`);
      expect(draft.subject).toBe('Fwd: Ürsprung');
      expect(draft.attachments).toEqual([
        expect.objectContaining({ kind: 'message', contentType: 'message/rfc822', filename: 'Ürsprung.eml' }),
      ]);
      const entry = await fwd.service.send({ ...draft, to: [{ name: '', address: 'bob@homing.test' }] });
      expect(entry.state, JSON.stringify(entry.lastError)).toBe('sent');
      await s.smtp.waitForEmptyQueue();
      const got = (await folderMessages(s, 'bob@homing.test', 'INBOX')).find((m) => m.source.toString('latin1').includes(entry.messageId))!;
      const parsed = await simpleParser(got.source);
      const attached = parsed.attachments.find((a) => a.contentType === 'message/rfc822');
      expect(attached?.content.equals(original)).toBe(true);
    } finally {
      await fwd.close();
    }
  });

  it('writes no Sent copy for a server that files sent mail itself (like Gmail)', async () => {
    const gmailLike = { ...alice, id: 'acct-saves-sent', compose: { signature: 'Alice', serverSavesSent: true, identities: [] } };
    const g = await harness(s, [gmailLike]);
    try {
      const draft = await g.service.start(gmailLike.id, 'new');
      expect(draft.text).toBe('\n\n-- \nAlice\n');
      const entry = await g.service.send({ ...draft, to: [{ name: '', address: 'bob@homing.test' }], subject: 'no copy' });
      expect(entry.state).toBe('sent');
      expect(await sentCopy(entry.messageId)).toBe(0);
    } finally {
      await g.close();
    }
  });
});
