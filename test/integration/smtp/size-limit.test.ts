import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readSizeLimit } from '../../../electron/engine/smtp/send-message';
import { account, type Harness, harness, type Servers, smtpSettings, startServers } from './helpers';

/** The SIZE limit (RFC 1870) of the real Postfix, known to the composer before any send. */

let s: Servers;
let h: Harness;

beforeAll(async () => {
  s = await startServers({ messageSizeLimit: 150_000 });
  h = await harness(s, [
    account(s, 'alice@homing.test', 'imap', { id: 'acct-size' }),
    account(s, 'bob@homing.test', 'imap', { id: 'acct-size-offline', smtp: { ...smtpSettings(s, 'bob@homing.test'), port: 1 } }),
    account(s, 'carol@homing.test', 'imap', { id: 'acct-size-none', smtp: undefined }),
  ]);
});
afterAll(async () => {
  await h?.close();
  await s?.close();
});

describe('the SMTP server’s size limit', () => {
  it('reads Postfix’s message_size_limit with one EHLO, over STARTTLS, without signing in', async () => {
    expect(await readSizeLimit(smtpSettings(s, 'alice@homing.test'), { tlsCa: s.smtp.caCertPem })).toBe(150_000);
    expect(
      await readSizeLimit(smtpSettings(s, 'alice@homing.test', { port: s.smtp.ports.smtps, security: 'tls' }), { tlsCa: s.smtp.caCertPem }),
    ).toBe(150_000);
  });

  it('answers compose:limits from the server, then from memory', async () => {
    const before = Date.now();
    const first = await h.service.limits('acct-size');
    expect(first.sizeLimit).toBe(150_000);
    expect(first.checkedAt).toBeGreaterThanOrEqual(before);
    expect(await h.service.limits('acct-size')).toEqual(first);
  });

  it('says "not known" for a server that cannot be reached or an account without one', async () => {
    expect(await h.service.limits('acct-size-offline')).toEqual({ sizeLimit: null, checkedAt: null });
    expect(await h.service.limits('acct-size-none')).toEqual({ sizeLimit: null, checkedAt: null });
  });

  it('refreshes the limit from each send; a too-large message is refused before upload with the limit in words', async () => {
    const draft = await h.service.start('acct-size', 'new');
    const big = await h.service.addAttachment(draft.id, 'gross.bin', 'application/octet-stream', new Uint8Array(200_000).fill(7));
    const entry = await h.service.send({
      ...(await h.service.open(draft.id)),
      attachments: [big],
      to: [{ name: '', address: 'bob@homing.test' }],
    });
    expect(entry.state).toBe('failed');
    expect(entry.lastError?.detail?.reason).toBe('too_large');
    expect(entry.lastError?.message).toMatch(/accepts at most 146 KB/);
    const after = await h.service.limits('acct-size');
    expect(after.sizeLimit).toBe(150_000);
    // The draft stays, to be made smaller.
    expect((await h.service.listDrafts()).some((d) => d.id === draft.id)).toBe(true);
  });
});
