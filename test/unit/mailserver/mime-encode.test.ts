import { describe, expect, it } from 'vitest';

import { encodeWords, formatAddress, formatRfc5322Date, quotedPrintable } from '../../mailserver/mime-encode';

function decodeWords(header: string): string {
  const bytes: Buffer[] = [];
  for (const [, enc, text] of header.matchAll(/=\?UTF-8\?([BQ])\?([^?]*)\?=/g)) {
    if (enc === 'B') bytes.push(Buffer.from(text ?? '', 'base64'));
    else
      bytes.push(
        Buffer.from(
          (text ?? '').replace(/_/g, ' ').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ),
      );
  }
  // Decoding the concatenated bytes would hide a code point split across words; decode each.
  return bytes.map((b) => b.toString('utf8')).join('');
}

describe('encodeWords', () => {
  it.each(['B', 'Q'] as const)('keeps %s words within 75 chars and round-trips long mixed-script text', (encoding) => {
    const text = 'Ünïcödé stress tëst: ½ ¾ € ™ ✓ 日本語 한국어 עברית 🎉🎉🎉 and some more ASCII words';
    const encoded = encodeWords(text, encoding);
    for (const word of encoded.split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeWords(encoded)).toBe(text);
  });

  it('leaves ASCII alone', () => {
    expect(encodeWords('Lunch on Thursday?')).toBe('Lunch on Thursday?');
  });
});

describe('formatAddress', () => {
  it('quotes specials and encodes non-ASCII', () => {
    expect(formatAddress("O'Brien, Siobhan", 's@x.ie')).toBe(`"O'Brien, Siobhan" <s@x.ie>`);
    expect(formatAddress('Zoë', 'z@x.org')).toBe('=?UTF-8?B?Wm/Dqw==?= <z@x.org>');
    expect(formatAddress('', 'n@x.com')).toBe('n@x.com');
  });
});

describe('quotedPrintable', () => {
  it('keeps lines within 76 chars and decodes back to the UTF-8 text', () => {
    const text = `${'Grüße '.repeat(40)}\r\n= trailing space \r\n.dot`;
    const encoded = quotedPrintable(text);
    for (const line of encoded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    const decoded = encoded.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    expect(Buffer.from(decoded, 'latin1').toString('utf8')).toBe(text);
  });
});

describe('formatRfc5322Date', () => {
  it('writes the local time of the given zone', () => {
    const date = new Date('2025-03-04T13:22:01Z');
    expect(formatRfc5322Date(date, 60)).toBe('Tue, 4 Mar 2025 14:22:01 +0100');
    expect(formatRfc5322Date(date, -480)).toBe('Tue, 4 Mar 2025 05:22:01 -0800');
    expect(Date.parse(formatRfc5322Date(date, 330))).toBe(date.getTime());
  });
});
