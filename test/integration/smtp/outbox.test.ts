import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Draft } from '../../../electron/contract/compose';
import { startCutProxy } from '../../helpers/cut-proxy';
import { waitFor } from '../imap/helpers';
import { account, folderMessages, type Harness, harness, type Servers, startServers, withMessageId } from './helpers';

let s: Servers;

beforeAll(async () => {
  s = await startServers();
});
afterAll(async () => {
  await s?.close();
});

const deliveredTo = async (user: string, messageId: string) => {
  await s.smtp.waitForEmptyQueue();
  return withMessageId(await folderMessages(s, user, 'INBOX'), messageId);
};

const newDraft = async (h: Harness, accountId: string, subject: string): Promise<Draft> => ({
  ...(await h.service.start(accountId, 'new')),
  to: [{ name: 'Bob', address: 'bob@homing.test' }],
  subject,
  text: `Body of ${subject}\n`,
});

describe('the Outbox against a real server that goes away', () => {
  it('keeps the message with the reason while the SMTP server is down, and sends it once when it is back', async () => {
    const alice = account(s, 'alice@homing.test', 'imap');
    // Real timers and backoff: the Outbox retries by itself.
    const h = await harness(s, [alice], {
      schedule: true,
      outboxPolicy: { baseDelayMs: 300, maxDelayMs: 600, maxTemporaryRefusals: 10, maxAgeMs: 60_000 },
    });
    try {
      await s.smtp.stop();
      const entry = await h.service.send(await newDraft(h, alice.id, 'while down'));
      expect(entry.state).toBe('queued');
      expect(entry.lastError?.code).toBe('connection_refused');
      expect(entry.lastError?.message).toMatch(/refused the connection/);
      expect(h.service.outbox.list()).toEqual([expect.objectContaining({ id: entry.id, state: 'queued' })]);
      // Retries keep failing while it is down; nothing is lost.
      await waitFor(() => h.service.outbox.list()[0]!.attempts >= 2, 5_000);

      await s.smtp.start();
      await waitFor(() => h.service.outbox.list().length === 0, 15_000);
      expect(await deliveredTo('bob@homing.test', entry.messageId)).toBe(1);
      // More time passes: still exactly one delivery and one Sent copy.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await deliveredTo('bob@homing.test', entry.messageId)).toBe(1);
      expect(withMessageId(await folderMessages(s, 'alice@homing.test', 'Sent'), entry.messageId)).toBe(1);
    } finally {
      await h.close();
      await s.smtp.start();
    }
  });

  it('retries a session cut before DATA and delivers exactly once', async () => {
    const proxy = await startCutProxy(s.smtp.ports.plain);
    const alice = account(s, 'alice@homing.test', 'imap', {
      id: 'acct-cut-before',
      smtp: { host: '127.0.0.1', port: proxy.port, security: 'none', username: 'alice@homing.test', allowCleartextPassword: true },
    });
    let clock = Date.now();
    const h = await harness(s, [alice], { now: () => clock });
    try {
      proxy.cutNext({ clientSays: /\r\nDATA\r\n/ });
      const entry = await h.service.send(await newDraft(h, alice.id, 'cut before data'));
      expect(proxy.cuts).toBe(1);
      expect(entry.state).toBe('queued');
      expect(entry.lastError?.code).toBe('connection_lost');
      expect(await deliveredTo('bob@homing.test', entry.messageId)).toBe(0);

      clock += 60_000;
      await h.service.outbox.runDue();
      expect(h.service.outbox.list()).toEqual([]);
      expect(await deliveredTo('bob@homing.test', entry.messageId)).toBe(1);
    } finally {
      await h.close();
      await proxy.close();
    }
  });

  it('never resends by itself when the connection ends after the final dot; the user decides', async () => {
    const proxy = await startCutProxy(s.smtp.ports.plain);
    const alice = account(s, 'alice@homing.test', 'imap', {
      id: 'acct-cut-after',
      smtp: { host: '127.0.0.1', port: proxy.port, security: 'none', username: 'alice@homing.test', allowCleartextPassword: true },
    });
    let clock = Date.now();
    const h = await harness(s, [alice], { now: () => clock });
    try {
      proxy.cutNext({ clientSays: /\r\n\.\r\n/ });
      const entry = await h.service.send(await newDraft(h, alice.id, 'cut after dot'));
      expect(entry.state).toBe('uncertain');
      expect(entry.lastError?.message).toMatch(/may have been delivered/);

      // Time passes, the app restarts: still nothing is sent again on its own.
      clock += 24 * 60 * 60_000;
      await h.service.outbox.runDue();
      const service = await h.restart();
      await service.outbox.runDue();
      expect(service.outbox.list()).toEqual([expect.objectContaining({ id: entry.id, state: 'uncertain' })]);
      expect(await deliveredTo('bob@homing.test', entry.messageId)).toBe(0);

      await expect(service.outbox.retry(entry.id, false)).rejects.toThrow(/Confirm/);
      const again = await service.outbox.retry(entry.id, true);
      expect(again.state).toBe('sent');
      expect(await deliveredTo('bob@homing.test', entry.messageId)).toBe(1);
    } finally {
      await h.close();
      await proxy.close();
    }
  });

  it('"it did arrive": marking an uncertain message sent writes the Sent copy and never resends', async () => {
    const proxy = await startCutProxy(s.smtp.ports.plain);
    const alice = account(s, 'alice@homing.test', 'imap', {
      id: 'acct-mark-sent',
      smtp: { host: '127.0.0.1', port: proxy.port, security: 'none', username: 'alice@homing.test', allowCleartextPassword: true },
    });
    const h = await harness(s, [alice]);
    try {
      proxy.cutNext({ clientSays: /\r\n\.\r\n/ });
      const entry = await h.service.send(await newDraft(h, alice.id, 'mark as sent'));
      expect(entry.state).toBe('uncertain');
      await h.service.outbox.markSent(entry.id);
      expect(h.service.outbox.list()).toEqual([]);
      expect(withMessageId(await folderMessages(s, 'alice@homing.test', 'Sent'), entry.messageId)).toBe(1);
      expect(await deliveredTo('bob@homing.test', entry.messageId)).toBe(0);
    } finally {
      await h.close();
      await proxy.close();
    }
  });

  it('lets the user cancel a queued message (back to its draft) and edit it before it goes', async () => {
    const alice = account(s, 'alice@homing.test', 'imap', { id: 'acct-cancel' });
    let clock = Date.now();
    const h = await harness(s, [alice], { now: () => clock });
    try {
      await s.smtp.stop();
      const draft = await newDraft(h, alice.id, 'to be edited');
      const entry = await h.service.send(draft);
      expect(entry.state).toBe('queued');
      const draftId = await h.service.outbox.cancel(entry.id);
      expect(draftId).toBe(draft.id);
      expect(h.service.outbox.list()).toEqual([]);
      await s.smtp.start();
      clock += 60_000;
      await h.service.outbox.runDue();
      expect(await deliveredTo('bob@homing.test', entry.messageId)).toBe(0);

      const edited = { ...(await h.service.open(draftId)), subject: 'edited before sending' };
      const sent = await h.service.send(edited);
      expect(sent.state).toBe('sent');
      // Same draft, same Message-ID: nothing had gone out under it before.
      expect(sent.messageId).toBe(entry.messageId);
      const got = (await folderMessages(s, 'bob@homing.test', 'INBOX')).filter((m) => m.source.toString().includes(entry.messageId));
      expect(got).toHaveLength(1);
      expect(got[0]!.source.toString()).toContain('Subject: edited before sending');
    } finally {
      await h.close();
      await s.smtp.start();
    }
  });
});
