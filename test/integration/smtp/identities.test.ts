import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  account,
  folderMessages,
  type Harness,
  harness,
  imapClient,
  imapSourceFetcher,
  type Servers,
  startServers,
  withMessageId,
} from './helpers';

/**
 * Identities through the real Postfix → LMTP → Dovecot chain: the message goes out From the
 * chosen identity (header, Reply-To and MAIL FROM, which Dovecot records as Return-Path), and
 * an answer is written from the identity the original reached.
 */

let s: Servers;
let h: Harness;
const alice = (servers: Servers) =>
  account(servers, 'alice@homing.test', 'imap', {
    id: 'acct-identities',
    compose: {
      signature: 'Alice',
      serverSavesSent: false,
      identities: [
        {
          id: 'support',
          name: 'Homing Support ✓',
          address: 'support@homing.test',
          signature: 'Das Support-Team',
          replyTo: 'team@homing.test',
        },
      ],
    },
  });

const storeIdOf = async (path: string, match: string): Promise<string> => {
  const m = (await folderMessages(s, 'alice@homing.test', path)).find((x) => x.source.toString('latin1').includes(match))!;
  const client = await imapClient(s, 'alice@homing.test');
  try {
    const lock = await client.getMailboxLock(path);
    try {
      return `acct-identities/${path}/${String(client.mailbox && client.mailbox.uidValidity)}/${m.uid}`;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
};

beforeAll(async () => {
  s = await startServers();
  h = await harness(s, [alice(s)], { fetchSource: imapSourceFetcher(s, 'alice@homing.test') });
});
afterAll(async () => {
  await h?.close();
  await s?.close();
});

describe('identities', () => {
  it('sends from the chosen identity: From, Reply-To and the envelope sender', async () => {
    const draft = await h.service.start('acct-identities', 'new');
    expect(draft.identityId).toBe('primary');
    const entry = await h.service.send({
      ...draft,
      identityId: 'support',
      to: [{ name: 'Bob', address: 'bob@homing.test' }],
      subject: 'Vom Support',
      text: 'Hallo Bob\n\n-- \nDas Support-Team\n',
    });
    expect(entry.state, JSON.stringify(entry.lastError)).toBe('sent');
    await s.smtp.waitForEmptyQueue();
    const atBob = (await folderMessages(s, 'bob@homing.test', 'INBOX')).find((m) => m.source.toString('latin1').includes(entry.messageId))!;
    const parsed = await simpleParser(atBob.source);
    expect(parsed.from?.value).toEqual([{ name: 'Homing Support ✓', address: 'support@homing.test' }]);
    expect(parsed.replyTo?.value).toEqual([{ name: '', address: 'team@homing.test' }]);
    // Dovecot writes the SMTP MAIL FROM it was handed as Return-Path.
    expect(atBob.source.toString('latin1')).toMatch(/^Return-Path: <support@homing\.test>\r\n/);
    // The Sent copy is the account's, whichever identity wrote.
    expect(withMessageId(await folderMessages(s, 'alice@homing.test', 'Sent'), entry.messageId)).toBe(1);
  });

  it('answers from the identity the original was sent to, with its signature, never to it', async () => {
    await s.dovecot.deliver(
      'alice@homing.test',
      'From: Bob <bob@homing.test>\r\nTo: support@homing.test, carol@homing.test\r\nSubject: Hilfe\r\nMessage-ID: <hilfe@homing.test>\r\nDate: Thu, 01 Jan 2026 10:00:00 +0000\r\n\r\nEs geht nicht.\r\n',
    );
    const original = await storeIdOf('INBOX', '<hilfe@homing.test>');
    const draft = await h.service.start('acct-identities', 'replyAll', original);
    expect(draft.identityId).toBe('support');
    expect(draft.text).toContain('-- \nDas Support-Team\n');
    expect(draft.to.map((a) => a.address)).toEqual(['bob@homing.test']);
    expect(draft.cc.map((a) => a.address)).toEqual(['carol@homing.test']);
    const entry = await h.service.send(draft);
    expect(entry.state, JSON.stringify(entry.lastError)).toBe('sent');
    await s.smtp.waitForEmptyQueue();
    const atCarol = (await folderMessages(s, 'carol@homing.test', 'INBOX')).find((m) =>
      m.source.toString('latin1').includes(entry.messageId),
    )!;
    expect((await simpleParser(atCarol.source)).from?.value[0]?.address).toBe('support@homing.test');
  });

  it('answers from the Delivered-To identity when the message reached it by Bcc', async () => {
    await s.dovecot.deliver(
      'alice@homing.test',
      'Delivered-To: support@homing.test\r\nFrom: Bob <bob@homing.test>\r\nTo: list@lists.homing.test\r\nSubject: Liste\r\nMessage-ID: <liste@homing.test>\r\n\r\nHallo Liste\r\n',
    );
    const draft = await h.service.start('acct-identities', 'reply', await storeIdOf('INBOX', '<liste@homing.test>'));
    expect(draft.identityId).toBe('support');
  });

  it('refuses to send from an identity that was removed, in plain words, and keeps the draft', async () => {
    const draft = await h.service.start('acct-identities', 'new');
    await expect(
      h.service.send({ ...draft, identityId: 'gone', to: [{ name: '', address: 'bob@homing.test' }], subject: 'x' }),
    ).rejects.toThrow(/removed from the account settings/);
    expect((await h.service.listDrafts()).some((d) => d.id === draft.id)).toBe(true);
    expect(h.service.outbox.list().some((e) => e.draftId === draft.id)).toBe(false);
  });
});
