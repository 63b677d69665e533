import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testSmtp } from '../../../electron/engine/smtp/test-smtp';
import { getSource } from '../../../renderer/store/queries/get-source';
import { account, folderMessages, harness, passwordOf, type Servers, smtpSettings, startServers, withMessageId } from './helpers';

let s: Servers;

beforeAll(async () => {
  s = await startServers();
});
afterAll(async () => {
  await s?.close();
});

const draftsOnServer = async (user: string) => folderMessages(s, user, 'Drafts');

describe('drafts', () => {
  it('IMAP: autosave replaces the previous copy in Drafts (APPENDUID) and survives an engine restart', async () => {
    const alice = account(s, 'alice@homing.test', 'imap', { id: 'acct-drafts-imap' });
    const h = await harness(s, [alice]);
    try {
      const draft = { ...(await h.service.start(alice.id, 'new')), to: [{ name: '', address: 'bob@homing.test' }], subject: 'Entwurf 1' };
      const first = await h.service.save(draft);
      expect(first).toMatchObject({ where: 'server', error: null });
      for (const n of [2, 3, 4])
        expect((await h.service.save({ ...draft, subject: `Entwurf ${n}`, text: `Version ${n}` })).where).toBe('server');
      let onServer = await draftsOnServer('alice@homing.test');
      expect(onServer).toHaveLength(1);
      expect(onServer[0]!.flags.has('\\Draft')).toBe(true);
      expect(onServer[0]!.source.toString()).toContain('Subject: Entwurf 4');

      // The app restarts: a new engine on the same data dir still has the draft.
      const service = await h.restart();
      const drafts = await service.listDrafts();
      expect(drafts).toEqual([expect.objectContaining({ id: draft.id, subject: 'Entwurf 4', text: 'Version 4' })]);
      // Saving after the restart still replaces the same server copy.
      await service.save({ ...drafts[0]!, subject: 'Entwurf 5' });
      onServer = await draftsOnServer('alice@homing.test');
      expect(onServer).toHaveLength(1);
      expect(onServer[0]!.source.toString()).toContain('Subject: Entwurf 5');

      // Discarding removes it here and on the server.
      await service.discard(draft.id);
      expect(await service.listDrafts()).toEqual([]);
      expect(await draftsOnServer('alice@homing.test')).toHaveLength(0);
    } finally {
      await h.close();
    }
  });

  it('IMAP: a draft is kept on this computer when the server cannot be reached, and written later', async () => {
    const alice = account(s, 'alice@homing.test', 'imap', { id: 'acct-drafts-offline' });
    const offline = { ...alice, incoming: { ...alice.incoming, port: 1 } };
    const h = await harness(s, [offline]);
    try {
      const draft = { ...(await h.service.start(offline.id, 'new')), subject: 'offline draft' };
      const saved = await h.service.save(draft);
      expect(saved.where).toBe('here');
      expect(saved.error?.code).toBe('connection_refused');
      const service = await h.restart();
      expect((await service.listDrafts()).map((d) => d.subject)).toEqual(['offline draft']);
    } finally {
      await h.close();
    }
  });

  it('POP3: drafts live in the local Drafts folder, the Sent copy in the local Sent folder, the original is marked answered', async () => {
    const bob = account(s, 'bob@homing.test', 'pop3', { id: 'acct-drafts-pop' });
    const h = await harness(s, [bob]);
    try {
      // A message bob has downloaded, to answer.
      const originalId = `${bob.id}/UIDL-1`;
      const originalBytes = Buffer.from(
        'From: Carol <carol@homing.test>\r\nTo: bob@homing.test\r\nSubject: Kaffee?\r\nMessage-ID: <kaffee@homing.test>\r\nReferences: <root@homing.test>\r\nDate: Thu, 01 Jan 2026 10:00:00 +0000\r\n\r\nUm drei?\r\n',
      );
      await h.store.request({
        kind: 'apply',
        batch: {
          id: 'orig',
          accountId: bob.id,
          ops: [
            {
              op: 'putMessages',
              messages: [
                {
                  id: originalId,
                  accountId: bob.id,
                  folderId: `${bob.id}/INBOX`,
                  remoteKey: 'UIDL-1',
                  messageId: '<kaffee@homing.test>',
                  inReplyTo: null,
                  subject: 'Kaffee?',
                  from: [{ name: 'Carol', address: 'carol@homing.test' }],
                  to: [{ name: '', address: 'bob@homing.test' }],
                  cc: [],
                  date: 0,
                  size: originalBytes.length,
                  seen: true,
                  flagged: false,
                  answered: false,
                  hasAttachments: false,
                  snippet: '',
                  location: 'local',
                  serverCopyUntil: null,
                  hasSource: true,
                },
              ],
              sources: [{ id: originalId, bytes: originalBytes }],
            },
          ],
        },
      });

      const draft = await h.service.start(bob.id, 'reply', originalId);
      expect(draft.references).toEqual(['<root@homing.test>', '<kaffee@homing.test>']);
      const saved = await h.service.save({ ...draft, text: `Gern!\n${draft.text}` });
      expect(saved.where).toBe('local-folder');
      const inDrafts = await h.store.db.messages.where('folderId').equals(`${bob.id}/Drafts`).toArray();
      expect(inDrafts).toHaveLength(1);
      expect(inDrafts[0]).toMatchObject({ subject: 'Re: Kaffee?', location: 'local', hasSource: true });

      const service = await h.restart();
      const reopened = await service.open(draft.id);
      expect(reopened.text).toContain('Gern!');

      const entry = await service.send(reopened);
      expect(entry.state).toBe('sent');
      await s.smtp.waitForEmptyQueue();
      expect(withMessageId(await folderMessages(s, 'carol@homing.test', 'INBOX'), entry.messageId)).toBe(1);
      expect(await h.store.db.messages.where('folderId').equals(`${bob.id}/Drafts`).count()).toBe(0);
      const sent = await h.store.db.messages.where('folderId').equals(`${bob.id}/Sent`).toArray();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ subject: 'Re: Kaffee?', location: 'local', messageId: entry.messageId });
      const source = await getSource(h.store.db, sent[0]!.id);
      expect(Buffer.from(source!).toString()).toContain('In-Reply-To: <kaffee@homing.test>');
      expect((await h.store.db.messages.get(originalId))?.answered).toBe(true);
    } finally {
      await h.close();
    }
  });
});

describe('connection security for sending', () => {
  it('sends over implicit TLS, and over STARTTLS with a pinned certificate instead of a trusted CA', async () => {
    const viaSmtps = account(s, 'alice@homing.test', 'imap', {
      id: 'acct-smtps',
      smtp: smtpSettings(s, 'alice@homing.test', { port: s.smtp.ports.smtps, security: 'tls' }),
    });
    const pinned = account(s, 'alice@homing.test', 'imap', {
      id: 'acct-pinned',
      smtp: smtpSettings(s, 'alice@homing.test', { trustedFingerprint256: s.smtp.certFingerprint256 }),
    });
    const h1 = await harness(s, [viaSmtps]);
    // No extra CA: only the pin can make this certificate acceptable.
    const h2 = await harness(s, [pinned], { smtpExtras: { socketTimeoutMs: 20_000 } });
    try {
      for (const [h, a] of [
        [h1, viaSmtps],
        [h2, pinned],
      ] as const) {
        const d = {
          ...(await h.service.start(a.id, 'new')),
          to: [{ name: '', address: 'bob@homing.test' }],
          subject: `via ${a.id}`,
          text: 'x',
        };
        expect((await h.service.send(d)).state).toBe('sent');
      }
    } finally {
      await h1.close();
      await h2.close();
    }
  });

  it('refuses an untrusted certificate before signing in, showing its fingerprint', async () => {
    const untrusted = account(s, 'alice@homing.test', 'imap', { id: 'acct-untrusted' });
    const wrongPin = account(s, 'alice@homing.test', 'imap', {
      id: 'acct-wrong-pin',
      smtp: smtpSettings(s, 'alice@homing.test', { trustedFingerprint256: `${'AB:'.repeat(31)}AB` }),
    });
    const h1 = await harness(s, [untrusted], { smtpExtras: {} });
    const h2 = await harness(s, [wrongPin], { smtpExtras: {} });
    try {
      for (const [h, a] of [
        [h1, untrusted],
        [h2, wrongPin],
      ] as const) {
        const d = { ...(await h.service.start(a.id, 'new')), to: [{ name: '', address: 'bob@homing.test' }], subject: 'x', text: 'x' };
        const entry = await h.service.send(d);
        expect(entry.state).toBe('failed');
        expect(entry.lastError?.code).toBe('untrusted_certificate');
        expect(entry.lastError?.detail?.fingerprint256).toBe(s.smtp.certFingerprint256);
      }
    } finally {
      await h1.close();
      await h2.close();
    }
  });

  it('never falls back to plain text when STARTTLS is required but not offered', async () => {
    // The plain port offers no STARTTLS, as a stripping attacker would make it look.
    const stripped = account(s, 'alice@homing.test', 'imap', {
      id: 'acct-stripped',
      smtp: smtpSettings(s, 'alice@homing.test', { port: s.smtp.ports.plain, security: 'starttls' }),
    });
    const h = await harness(s, [stripped]);
    try {
      const d = {
        ...(await h.service.start(stripped.id, 'new')),
        to: [{ name: '', address: 'bob@homing.test' }],
        subject: 'stripped',
        text: 'x',
      };
      const entry = await h.service.send(d);
      expect(entry.state).toBe('failed');
      expect(entry.lastError?.code).toBe('tls_failed');
      await s.smtp.waitForEmptyQueue();
      expect(withMessageId(await folderMessages(s, 'bob@homing.test', 'INBOX'), entry.messageId)).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('tests outgoing settings: signs in, reports the SIZE limit, and says why when it cannot', async () => {
    const ok = await testSmtp(smtpSettings(s, 'alice@homing.test'), passwordOf('alice@homing.test'), { tlsCa: s.smtp.caCertPem });
    expect(ok).toMatchObject({ ok: true, facts: { encryption: 'STARTTLS (required)', sizeLimit: '10.0 MB' } });
    const wrong = await testSmtp(smtpSettings(s, 'alice@homing.test'), 'wrong', { tlsCa: s.smtp.caCertPem });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'auth_failed' } });
    const untrusted = await testSmtp(smtpSettings(s, 'alice@homing.test', { port: s.smtp.ports.smtps, security: 'tls' }), 'x');
    expect(untrusted).toMatchObject({
      ok: false,
      error: { code: 'untrusted_certificate', detail: { fingerprint256: s.smtp.certFingerprint256 } },
    });
  });
});
