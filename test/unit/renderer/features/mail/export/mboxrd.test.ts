import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { emlFilename, mboxFilename } from '../../../../../../renderer/features/mail/export/export-names';
import { asctime, readMboxrd, writeMboxrd } from '../../../../../../renderer/features/mail/export/mboxrd';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder('latin1').decode(b);

describe('mboxrd', () => {
  it('writes From_ lines and quotes /^>*From / lines inside messages', () => {
    const mbox = writeMboxrd([
      {
        bytes: enc('Subject: a\r\n\r\nFrom here\r\n>From there\r\nnot From\r\n'),
        sender: 'ann@x.test',
        date: Date.UTC(2025, 0, 2, 3, 4, 5),
      },
      { bytes: enc('Subject: b\n\nFrom'), date: 0 },
    ]);
    expect(dec(mbox)).toBe(
      'From ann@x.test Thu Jan  2 03:04:05 2025\n' +
        'Subject: a\r\n\r\n>From here\r\n>>From there\r\nnot From\r\n\n' +
        'From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n' +
        'Subject: b\n\nFrom\n',
    );
  });

  it('reads back exactly the bytes written: CRLF, 8-bit, no final newline, empty messages', () => {
    const messages = [
      enc('Subject: one\r\n\r\nFrom me\r\n>>From you\r\n'),
      Uint8Array.from([0x53, 0x3a, 0x20, 0xe9, 0x0d, 0x0a, 0x0d, 0x0a, 0xff, 0x00, 0x46]),
      enc(''),
      enc('no newline at the end'),
      enc('\n\nFrom \n'),
    ];
    expect(readMboxrd(writeMboxrd(messages.map((bytes) => ({ bytes }))))).toEqual(messages);
  });

  it('round-trips any messages (property)', () => {
    const line = fc.oneof(fc.constantFrom('From x', '>From y', '>>>From z', 'From', '', '\r', 'F', '>'), fc.string());
    const message = fc.array(line, { maxLength: 12 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((eol) => enc(lines.join(eol))));
    fc.assert(
      fc.property(fc.array(message, { maxLength: 6 }), (messages) => {
        expect(readMboxrd(writeMboxrd(messages.map((bytes) => ({ bytes }))))).toEqual(messages);
      }),
      { numRuns: 300 },
    );
  });

  it('never lets a sender break the From_ line', () => {
    const mbox = dec(writeMboxrd([{ bytes: enc('x'), sender: 'evil\nFrom fake@x', date: 0 }]));
    expect(mbox.split('\n')[0]).toBe('From evilFromfake@x Thu Jan  1 00:00:00 1970');
    expect(asctime(Date.UTC(2024, 1, 29, 23, 59, 59))).toBe('Thu Feb 29 23:59:59 2024');
  });

  it('names exported files safely', () => {
    expect(emlFilename('Re: Lunch / plans?', Date.UTC(2025, 2, 1))).toBe('2025-03-01 Re_ Lunch _ plans_.eml');
    expect(mboxFilename('Dana', 'Inbox', Date.UTC(2025, 2, 1))).toBe('Dana - Inbox 2025-03-01.mbox');
  });
});
