import { describe, expect, it } from 'vitest';

import { messageHeaderSchema } from '../../../../electron/contract';
import { buildPopRecord } from '../../../../electron/engine/pop3/sync/message-record';

const record = (source: string) =>
  buildPopRecord({
    accountId: 'acc1',
    uidl: 'u1',
    bytes: Buffer.from(source),
    mode: 'full',
    serverSize: source.length,
    policy: { kind: 'keep-days', days: 14 },
    now: Date.UTC(2026, 10, 26),
  }).header;

describe('buildPopRecord', () => {
  it('keeps what threading needs: Message-ID, In-Reply-To and every References id, folded lines included', () => {
    const h = record(
      [
        'Message-ID: <c@x>',
        'In-Reply-To: <b@x>',
        'References: <a@x>',
        '  <b@x>',
        'Subject: Re: plans',
        'From: Ann <ann@example.org>',
        '',
        'See you.',
      ].join('\r\n'),
    );
    expect(messageHeaderSchema.parse(h)).toEqual(h);
    expect(h).toMatchObject({ messageId: '<c@x>', inReplyTo: '<b@x>', references: ['<a@x>', '<b@x>'], subject: 'Re: plans' });
  });

  it('has no references for a message without the header', () => {
    expect(record('Subject: hello\r\n\r\nbody').references).toEqual([]);
  });
});
