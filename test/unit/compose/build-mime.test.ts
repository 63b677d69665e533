import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';

import { buildMessage, envelopeRecipients } from '../../../electron/engine/compose/build-mime';
import { newMessageId } from '../../../electron/engine/compose/message-id';
import { stripBcc } from '../../../electron/engine/compose/strip-bcc';

const input = (over: Partial<Parameters<typeof buildMessage>[0]['draft']> = {}) => ({
  draft: {
    to: [{ name: 'Zoë Ünal', address: 'zoe@example.org' }],
    cc: [{ name: '', address: 'carl@example.org' }],
    bcc: [{ name: 'Secret, Person', address: 'secret@example.org' }],
    subject: 'Grüße — ✓',
    text: 'Hallo\n\n> zitiert\n',
    format: 'plain' as const,
    inReplyTo: '<parent@x>',
    references: ['<root@x>', '<parent@x>'],
    ...over,
  },
  from: { name: 'Alice Ärger', email: 'alice@homing.test' },
  attachments: [
    { filename: 'Bericht März.pdf', contentType: 'application/pdf', kind: 'file' as const, content: Buffer.from([0, 1, 2, 255]) },
    {
      filename: 'orig.eml',
      contentType: 'message/rfc822',
      kind: 'message' as const,
      content: Buffer.from('Subject: inner\r\n\r\nÄ 8bit body\r\n'),
    },
  ],
  messageId: '<fixed@homing.test>',
  date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
  boundary: 'b0undary',
});

describe('buildMessage', () => {
  it('is deterministic for the same input (fixed id, date and boundary)', async () => {
    const a = await buildMessage(input());
    const b = await buildMessage(input());
    expect(a.copy.equals(b.copy)).toBe(true);
  });

  it('encodes UTF-8 names and subject as RFC 2047 words and keeps lines within 998 octets', async () => {
    const { copy } = await buildMessage(input({ text: 'x'.repeat(5000) }));
    const head = copy.subarray(0, copy.indexOf('\r\n\r\n')).toString('latin1');
    expect(head).toMatch(/^From: =\?UTF-8\?Q\?Alice_=C3=84rger\?= <alice@homing.test>\r$/m);
    expect(head).toMatch(/^Subject: =\?UTF-8\?Q\?Gr=C3=BC=C3=9Fe_=E2=80=94_=E2=9C=93\?=\r$/m);
    expect(head).toMatch(/^Message-ID: <fixed@homing.test>\r$/m);
    expect(head).toMatch(/^Date: Fri, 02 Jan 2026 03:04:05 \+0000\r$/m);
    expect(head).toMatch(/^In-Reply-To: <parent@x>\r$/m);
    expect(head).toMatch(/^References: <root@x> <parent@x>\r$/m);
    for (const line of copy.toString('latin1').split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    expect(copy.toString('latin1')).not.toMatch(/[^\r]\n/);
  });

  it('round-trips through mailparser: text, attachments, forwarded message intact', async () => {
    const { copy } = await buildMessage(input({ format: 'formatted', text: 'Hallo *Welt*' }));
    const p = await simpleParser(copy);
    expect(p.subject).toBe('Grüße — ✓');
    expect(p.text?.trim()).toBe('Hallo *Welt*');
    expect(p.html).toContain('<b>Welt</b>');
    expect(p.bcc && !Array.isArray(p.bcc) ? p.bcc.value[0] : null).toMatchObject({ name: 'Secret, Person', address: 'secret@example.org' });
    const pdf = p.attachments.find((a) => a.filename === 'Bericht März.pdf');
    expect(pdf?.content.equals(Buffer.from([0, 1, 2, 255]))).toBe(true);
    const eml = p.attachments.find((a) => a.contentType === 'message/rfc822');
    expect(eml?.content.toString()).toBe('Subject: inner\r\n\r\nÄ 8bit body\r\n');
  });

  it('sends without Bcc, to everyone once', async () => {
    const built = await buildMessage(input({ to: [{ name: '', address: 'A@x' }], cc: [{ name: '', address: 'a@x' }] }));
    expect(built.copy.toString()).toMatch(/^Bcc: /m);
    expect(built.wire.toString()).not.toMatch(/^Bcc: /im);
    expect(built.wire.toString()).not.toContain('secret@example.org');
    expect(built.envelope).toEqual({ from: 'alice@homing.test', to: ['A@x', 'secret@example.org'] });
    // Only the Bcc lines differ.
    expect(built.copy.length - built.wire.length).toBe(Buffer.byteLength('Bcc: "Secret, Person" <secret@example.org>\r\n'));
  });
});

describe('stripBcc', () => {
  it('removes a folded Bcc field and nothing else; leaves the body alone', () => {
    const m = Buffer.from('To: a@x\r\nBCC: b@x,\r\n c@x\r\nSubject: s\r\n\r\nBcc: body line\r\n');
    expect(stripBcc(m).toString()).toBe('To: a@x\r\nSubject: s\r\n\r\nBcc: body line\r\n');
    const none = Buffer.from('To: a@x\r\n\r\nx');
    expect(stripBcc(none)).toBe(none);
  });
});

describe('envelopeRecipients and ids', () => {
  it('dedupes case-insensitively, keeps order, skips blanks', () => {
    expect(
      envelopeRecipients({
        to: [
          { name: '', address: 'X@a' },
          { name: '', address: ' ' },
        ],
        cc: [{ name: '', address: 'x@A' }],
        bcc: [{ name: '', address: 'y@a' }],
      }),
    ).toEqual(['X@a', 'y@a']);
  });
  it('makes a Message-ID on the sender’s domain, never the machine’s name', () => {
    expect(newMessageId('alice@homing.test', () => Buffer.from('0123456789abcdef'))).toBe('<30313233343536373839616263646566@homing.test>');
    expect(newMessageId('broken')).toMatch(/@homing\.invalid>$/);
  });
});

describe('buildMessage from an identity', () => {
  it('puts the identity in From, its Reply-To, and its address in MAIL FROM', async () => {
    const built = await buildMessage({
      ...input(),
      from: { name: 'Homing Support', email: 'support@homing.test', replyTo: 'team@homing.test' },
    });
    const parsed = await simpleParser(built.copy);
    expect(parsed.from?.value).toEqual([{ name: 'Homing Support', address: 'support@homing.test' }]);
    expect(parsed.replyTo?.value).toEqual([{ name: '', address: 'team@homing.test' }]);
    expect(built.envelope.from).toBe('support@homing.test');
  });

  it('writes no Reply-To for an identity without one', async () => {
    expect((await buildMessage(input())).copy.toString('latin1')).not.toMatch(/^Reply-To:/im);
  });
});
