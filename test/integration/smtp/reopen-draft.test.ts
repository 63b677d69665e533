import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { localDraftKey, saveLocalDraft } from '../../../electron/engine/compose/local-mailbox';
import { account, folderMessages, type Harness, harness, imapClient, imapSourceFetcher, type Servers, startServers } from './helpers';

/**
 * compose:fromMessage against Dovecot: a draft saved in Drafts by another client opens with its
 * recipients, text and attachment, and the first save replaces that copy (APPENDUID), so Drafts
 * never holds two. POP3: the same for the local Drafts folder.
 */

let s: Servers;
let h: Harness;
const ACCT = 'acct-reopen';

const uidValidityOf = async (path: string): Promise<string> => {
  const client = await imapClient(s, 'alice@homing.test');
  try {
    const lock = await client.getMailboxLock(path);
    try {
      return String(client.mailbox && client.mailbox.uidValidity);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
};

/** APPEND as another mail client does (Thunderbird saves drafts with \Draft). */
const appendAsOtherClient = async (path: string, raw: string): Promise<string> => {
  const client = await imapClient(s, 'alice@homing.test');
  try {
    // A fresh test mailbox may not have Drafts yet; the other client made it.
    if (!(await client.list()).some((e) => e.path === path)) await client.mailboxCreate(path);
    const appended = await client.append(path, Buffer.from(raw), ['\\Draft', '\\Seen']);
    if (!appended || !appended.uid) throw new Error('no APPENDUID');
    return `${ACCT}/${path}/${String(appended.uidValidity)}/${appended.uid}`;
  } finally {
    await client.logout().catch(() => undefined);
  }
};

const thunderbirdDraft = [
  'From: Alice <alice@homing.test>',
  'To: Bob <bob@homing.test>',
  'Bcc: carol@homing.test',
  'Subject: =?UTF-8?Q?Halb_fertig_=E2=9C=93?=',
  'Message-ID: <tb-draft-1@homing.test>',
  'In-Reply-To: <frage@homing.test>',
  'References: <frage@homing.test>',
  'X-Mozilla-Draft-Info: internal/draft; vcard=0; receipt=0; DSN=0; uuencode=0',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="tb"',
  '',
  '--tb',
  'Content-Type: text/plain; charset=UTF-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'Erster Absatz, auf dem Laptop geschrieben.',
  '',
  '--tb',
  'Content-Type: application/pdf; name="Plan.pdf"',
  'Content-Disposition: attachment; filename="Plan.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('%PDF-1.4 plan').toString('base64'),
  '--tb--',
  '',
].join('\r\n');

beforeAll(async () => {
  s = await startServers();
  h = await harness(s, [account(s, 'alice@homing.test', 'imap', { id: ACCT })], { fetchSource: imapSourceFetcher(s, 'alice@homing.test') });
});
afterAll(async () => {
  await h?.close();
  await s?.close();
});

describe('reopening a draft saved in Drafts', () => {
  it('IMAP: opens another client’s draft, and the first save replaces its copy instead of adding one', async () => {
    const storeId = await appendAsOtherClient('Drafts', thunderbirdDraft);
    const draft = await h.service.fromMessage(storeId);
    expect(draft).toMatchObject({
      accountId: ACCT,
      identityId: 'primary',
      to: [{ name: 'Bob', address: 'bob@homing.test' }],
      bcc: [{ name: '', address: 'carol@homing.test' }],
      subject: 'Halb fertig ✓',
      inReplyTo: '<frage@homing.test>',
      references: ['<frage@homing.test>'],
    });
    expect(draft.text).toContain('Erster Absatz, auf dem Laptop geschrieben.');
    expect(draft.attachments).toEqual([expect.objectContaining({ filename: 'Plan.pdf', contentType: 'application/pdf', size: 13 })]);

    // Nothing is rewritten until the user changes something.
    expect(await folderMessages(s, 'alice@homing.test', 'Drafts')).toHaveLength(1);

    const saved = await h.service.save({ ...draft, text: `${draft.text}Zweiter Absatz, hier.\n` });
    expect(saved).toMatchObject({ where: 'server', error: null });
    const drafts = await folderMessages(s, 'alice@homing.test', 'Drafts');
    expect(drafts).toHaveLength(1);
    const parsed = await simpleParser(drafts[0]!.source);
    expect(parsed.text).toContain('Zweiter Absatz, hier.');
    expect(parsed.messageId).toBe('<tb-draft-1@homing.test>');
    expect(parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['Plan.pdf', '%PDF-1.4 plan']]);
    expect(drafts[0]!.flags.has('\\Draft')).toBe(true);

    // Opening the (new) copy again gives the same draft, not a second one.
    const again = await h.service.fromMessage(`${ACCT}/Drafts/${await uidValidityOf('Drafts')}/${drafts[0]!.uid}`);
    expect(again.id).toBe(draft.id);

    // Sent: the recipient gets it with the attachment; Drafts is empty.
    const entry = await h.service.send(again);
    expect(entry.state, JSON.stringify(entry.lastError)).toBe('sent');
    await s.smtp.waitForEmptyQueue();
    expect(await folderMessages(s, 'alice@homing.test', 'Drafts')).toHaveLength(0);
    const atBob = (await folderMessages(s, 'bob@homing.test', 'INBOX')).find((m) => m.source.toString('latin1').includes('tb-draft-1'))!;
    expect((await simpleParser(atBob.source)).attachments[0]?.filename).toBe('Plan.pdf');
  });

  it('IMAP: a message outside Drafts opens as a new draft and is never deleted by saving it', async () => {
    await s.dovecot.deliver(
      'alice@homing.test',
      'From: Bob <bob@homing.test>\r\nTo: alice@homing.test\r\nSubject: Vorlage\r\nMessage-ID: <vorlage@homing.test>\r\n\r\nText\r\n',
    );
    const inbox = (await folderMessages(s, 'alice@homing.test', 'INBOX')).find((m) =>
      m.source.toString().includes('<vorlage@homing.test>'),
    )!;
    const draft = await h.service.fromMessage(`${ACCT}/INBOX/${await uidValidityOf('INBOX')}/${inbox.uid}`);
    expect(draft.subject).toBe('Vorlage');
    await h.service.save({ ...draft, text: 'geändert' });
    expect((await folderMessages(s, 'alice@homing.test', 'INBOX')).some((m) => m.uid === inbox.uid)).toBe(true);
    expect(await folderMessages(s, 'alice@homing.test', 'Drafts')).toHaveLength(1);
    await h.service.discard(draft.id);
    expect(await folderMessages(s, 'alice@homing.test', 'Drafts')).toHaveLength(0);
  });

  it('POP3: a draft in the local Drafts folder is reopened and replaced there', async () => {
    const pop = account(s, 'bob@homing.test', 'pop3', { id: 'acct-reopen-pop' });
    const p = await harness(s, [pop]);
    try {
      // A draft left in the local Drafts folder with no composer state here (e.g. from before a reinstall).
      const raw = Buffer.from(
        'From: Bob <bob@homing.test>\r\nTo: alice@homing.test\r\nSubject: Lokal\r\nMessage-ID: <lokal@homing.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nNur hier gespeichert.\r\n',
      );
      const oldId = await saveLocalDraft(p.store, pop, 'olddraft01', raw, 1);
      expect(oldId).toBe(`${pop.id}/${localDraftKey('olddraft01')}`);

      const draft = await p.service.fromMessage(oldId);
      expect(draft).toMatchObject({ subject: 'Lokal', to: [{ name: '', address: 'alice@homing.test' }] });
      expect(draft.text).toBe('Nur hier gespeichert.\n');
      const saved = await p.service.save({ ...draft, text: 'Nur hier gespeichert, und ergänzt.\n' });
      expect(saved.where).toBe('local-folder');

      const inDrafts = await p.store.request({ kind: 'readFolderMessageIds', folderId: `${pop.id}/Drafts` });
      expect(inDrafts).toEqual([`${pop.id}/${localDraftKey(draft.id)}`]);
      const source = await p.store.request({ kind: 'readSource', messageId: inDrafts[0]! });
      expect((await simpleParser(Buffer.from(source!.bytes))).text).toContain('ergänzt');
    } finally {
      await p.close();
    }
  });
});
