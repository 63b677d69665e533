import { describe, expect, it } from 'vitest';

import { identitiesOf } from '../../../electron/contract/compose';
import { parseOriginal } from '../../../electron/engine/compose/prepare';
import { keepableMessageId, reopenedFields } from '../../../electron/engine/compose/reopen-draft';

const identities = identitiesOf({
  name: 'Alice',
  email: 'alice@homing.test',
  compose: { identities: [{ id: 'support', name: 'Support', address: 'support@homing.test' }] },
});

const crlf = (s: string) => Buffer.from(s.replace(/\n/g, '\r\n'));

describe('reopenedFields', () => {
  it('takes recipients (Bcc too), subject, text and thread headers from a draft another client saved', async () => {
    const parsed = await parseOriginal(
      crlf(
        'From: Support <support@homing.test>\nTo: Bob <bob@homing.test>, carol@homing.test\nCc: =?UTF-8?Q?Zo=C3=AB?= <zoe@homing.test>\nBcc: boss@homing.test\nSubject: =?UTF-8?Q?Re:_Gr=C3=BC=C3=9Fe?=\nMessage-ID: <draft-1@thunderbird.example>\nIn-Reply-To: <orig@homing.test>\nReferences: <root@homing.test> <orig@homing.test>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nHalb fertig…\n\n-- \nSupport\n',
      ),
    );
    expect(reopenedFields(parsed, identities)).toEqual({
      to: [
        { name: 'Bob', address: 'bob@homing.test' },
        { name: '', address: 'carol@homing.test' },
      ],
      cc: [{ name: 'Zoë', address: 'zoe@homing.test' }],
      bcc: [{ name: '', address: 'boss@homing.test' }],
      subject: 'Re: Grüße',
      text: 'Halb fertig…\n\n-- \nSupport\n',
      inReplyTo: '<orig@homing.test>',
      references: ['<root@homing.test>', '<orig@homing.test>'],
      identityId: 'support',
    });
  });

  it('is from the account’s own address when From is missing or unknown', async () => {
    const parsed = await parseOriginal(crlf('From: Stranger <x@else.org>\nSubject: s\n\nt\n'));
    expect(reopenedFields(parsed, identities).identityId).toBe('primary');
    const noFrom = await parseOriginal(crlf('Subject: s\n\nt\n'));
    expect(reopenedFields(noFrom, identities)).toMatchObject({ identityId: 'primary', to: [], inReplyTo: null, references: [] });
  });

  it('reads Delivered-To and X-Original-To for choosing the answering identity', async () => {
    const parsed = await parseOriginal(
      crlf('Delivered-To: support@homing.test\nX-Original-To: <sales@homing.test>\nFrom: a@b.c\nTo: list@lists.example\nSubject: s\n\nt\n'),
    );
    expect(parsed.deliveredTo).toEqual(['support@homing.test', 'sales@homing.test']);
  });
});

describe('keepableMessageId', () => {
  it('keeps one well-formed id and nothing else', () => {
    expect(keepableMessageId('<a.b@c.d>')).toBe('<a.b@c.d>');
    expect(keepableMessageId(null)).toBeNull();
    expect(keepableMessageId('<a@b> <c@d>')).toBeNull();
    expect(keepableMessageId('a@b')).toBeNull();
    expect(keepableMessageId('<no-at-sign>')).toBeNull();
  });
});
