import { describe, expect, it } from 'vitest';

import { summarize, summarizeHeader } from '../../../electron/engine/mime/summarize';

const message = (head: string[], body: string | Buffer): Buffer =>
  Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body]);

/** A multipart/related body (not multipart/mixed, so only the disposition scan can say "attachment"). */
const related = (partHead: string): Buffer =>
  message(
    ['Subject: x', 'Content-Type: multipart/related; boundary=b'],
    `--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\nContent-Type: application/pdf\r\n${partHead}\r\n\r\nJVBERi0=\r\n--b--\r\n`,
  );

describe('summarize: hasAttachments', () => {
  it('finds an attachment disposition in any letter case', () => {
    expect(summarize(related('Content-Disposition: ATTACHMENT; filename=a.pdf')).hasAttachments).toBe(true);
    expect(summarize(related('cOnTeNt-dIsPoSiTiOn:attachment')).hasAttachments).toBe(true);
  });

  it('finds a disposition folded onto the next line, and one after a long run of white space', () => {
    expect(summarize(related('Content-Disposition:\r\n attachment; filename=a.pdf')).hasAttachments).toBe(true);
    expect(summarize(related(`Content-Disposition:${' '.repeat(300)}attachment`)).hasAttachments).toBe(true);
  });

  it('does not count inline parts, or names that only look alike', () => {
    expect(summarize(related('Content-Disposition: inline; filename=a.pdf')).hasAttachments).toBe(false);
    expect(summarize(related('Content-Disposition : attachment')).hasAttachments).toBe(false);
    expect(summarize(related('Content-Disposition: attachmen')).hasAttachments).toBe(false);
  });

  it('looks only at the first 512 KB of the body: a disposition ending there counts, one past it not', () => {
    const disposition = 'Content-Disposition: attachment';
    const at = (offset: number) =>
      summarize(message(['Subject: big'], Buffer.concat([Buffer.alloc(offset, 'a'), Buffer.from(disposition)]))).hasAttachments;
    expect(at(512 * 1024 - disposition.length)).toBe(true);
    expect(at(512 * 1024 - disposition.length + 1)).toBe(false);
    expect(at(600 * 1024)).toBe(false);
  });
});

describe('summarize: snippet', () => {
  const line = (i: number) => `Line ${i} of a long letter, with   some  spacing\tand words.`;
  const long = Array.from({ length: 200 }, (_, i) => line(i)).join('\r\n');

  it('is the first 200 characters of the text without quoted lines, however long the text', () => {
    const text = `${'> quoted\r\n'.repeat(150)}${long}`;
    const expected = long.replace(/\s+/g, ' ').slice(0, 200);
    expect(summarize(message(['Subject: s', 'Content-Type: text/plain'], text)).snippet).toBe(expected);
  });

  it('decodes a quoted-printable escape that a soft line break splits', () => {
    // "=C=\r\n3" is "=C3" once the soft break goes: a cut at that break would leave "=C".
    const body = `${'a'.repeat(199)}=C=\r\n3${'b'.repeat(2000)}\r\n`;
    const { snippet } = summarize(
      message(['Subject: s', 'Content-Type: text/plain; charset=iso-8859-1', 'Content-Transfer-Encoding: quoted-printable'], body),
    );
    expect(snippet).toBe(`${'a'.repeat(199)}\u00c3`);
  });

  it.each([
    [
      'utf-8, quoted-printable',
      'text/plain; charset=utf-8',
      'quoted-printable',
      Buffer.from('caf=C3=A9 na=C3=AFve =E2=82=AC', 'latin1'),
      'café naïve €',
    ],
    ['utf-8 by default, 8bit', 'text/plain', '8bit', Buffer.from('Grüße aus Köln', 'utf8'), 'Grüße aus Köln'],
    [
      'windows-1252, base64',
      'text/plain; charset="windows-1252"',
      'base64',
      Buffer.from(Buffer.from([0x80, 0x20, 0x93, 0x68, 0x69, 0x94]).toString('base64')),
      '€ “hi”',
    ],
    ['koi8-r, 8bit', 'text/plain; charset=koi8-r', '8bit', Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]), 'Привет'],
    ['a label nobody knows: Latin-1', 'text/plain; charset=x-unheard-of', '8bit', Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'café'],
  ])('reads the text in its charset: %s', (_name, type, encoding, body, expected) => {
    const head = Buffer.from(`Subject: s\r\nContent-Type: ${type}\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n`, 'latin1');
    expect(summarize(Buffer.concat([head, body, Buffer.from('\r\n')])).snippet).toBe(expected);
  });
});

describe('summarize: addresses', () => {
  it('hands every caller its own address objects', () => {
    const source = message(['From: Ann <ann@example.org>', 'Subject: s'], 'hi');
    const first = summarize(source);
    first.from[0]!.name = 'changed';
    expect(summarize(source).from).toEqual([{ name: 'Ann', address: 'ann@example.org' }]);
  });

  it('lists a group as IMAP ENVELOPE does: its name with no address, then its members', () => {
    const source = message(
      ['To: undisclosed-recipients:;', 'Cc: =?UTF-8?Q?T=C3=A9am?=: one@example.org, Two <two@example.org>;, b@example.org'],
      'hi',
    );
    expect(summarize(source)).toMatchObject({
      to: [{ name: 'undisclosed-recipients', address: '' }],
      cc: [
        { name: 'Téam', address: '' },
        { name: '', address: 'one@example.org' },
        { name: 'Two', address: 'two@example.org' },
        { name: '', address: 'b@example.org' },
      ],
    });
  });
});

describe('summarizeHeader', () => {
  it('gives what summarize gives from the header block, and reads nothing past it', () => {
    const head = [
      'Date: Tue, 03 Mar 2026 09:15:00 +0100 (CET)',
      'From: "Doe, Jane" <jane@example.org>',
      'To: b@example.org',
      'Subject: =?ISO-8859-1?Q?Caf=E9?=',
      'Message-ID: <m@x>',
      'In-Reply-To: <p@x>',
      'References: <r@x> <p@x>',
    ];
    const source = message(head, 'body');
    const { hasAttachments: _a, snippet: _s, ...fromHeader } = summarize(source);
    expect(summarizeHeader(source)).toEqual(fromHeader);
    expect(fromHeader).toMatchObject({ subject: 'Café', date: Date.UTC(2026, 2, 3, 8, 15), references: ['<r@x>', '<p@x>'] });
    // A body that is not there is not read: the header block alone gives the same.
    expect(summarizeHeader(Buffer.from(`${head.join('\r\n')}\r\n\r\n`))).toEqual(fromHeader);
  });
});
