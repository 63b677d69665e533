import { describe, expect, it } from 'vitest';

import { bodyText, htmlToText, MAX_BODY_TEXT, MAX_SOURCE_BYTES } from '../../../../renderer/store/search/body-text';

const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
/** A source from lines, CRLF-joined as on the wire. */
const crlf = (...lines: string[]): Uint8Array => enc(lines.join('\r\n'));
/** Bytes from a latin-1 string (each char one byte), for legacy charsets. */
const latin = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe('bodyText', () => {
  it('returns a plain message’s body, not its headers', () => {
    const text = bodyText(crlf('Subject: Hello', 'From: ann@example.org', '', 'The quokka sleeps.', ''));
    expect(text).toContain('The quokka sleeps.');
    expect(text).not.toContain('Subject');
  });

  it('accepts LF-only sources and unfolded Content-Type parameters', () => {
    const source = enc(
      ['Content-Type: text/plain;', '\tcharset="utf-8"', 'Content-Transfer-Encoding: 8bit', '', 'Grüße aus Köln'].join('\n'),
    );
    expect(bodyText(source)).toBe('Grüße aus Köln');
  });

  it('decodes quoted-printable, joining soft line breaks', () => {
    const source = crlf(
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'A very long wo=',
      'rd and caf=C3=A9 =3D equals',
    );
    expect(bodyText(source)).toBe('A very long word and café = equals');
  });

  it('decodes base64, with line breaks and a truncated last quantum', () => {
    const b64 = btoa('Base64 hides the platypus here');
    const source = crlf('Content-Type: text/plain', 'Content-Transfer-Encoding: BASE64', '', b64.slice(0, 20), b64.slice(20));
    expect(bodyText(source)).toBe('Base64 hides the platypus here');
    expect(bodyText(crlf('Content-Transfer-Encoding: base64', '', 'QmFzZTY0I'))).toContain('Base64');
  });

  it('decodes iso-8859-1, koi8-r and utf-8 charsets', () => {
    expect(bodyText(concat(latin('Content-Type: text/plain; charset=iso-8859-1\r\n\r\n'), latin('d\u00e9j\u00e0 vu')))).toBe('déjà vu');
    // "Привет" in KOI8-R.
    const koi8 = Uint8Array.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]);
    expect(bodyText(concat(latin('Content-Type: text/plain; charset="KOI8-R"\r\n\r\n'), koi8))).toBe('Привет');
    expect(bodyText(crlf('Content-Type: text/plain; charset=utf-8', '', 'Привет мир'))).toBe('Привет мир');
  });

  it('falls back to utf-8, then windows-1252, for a missing or unknown charset', () => {
    expect(bodyText(crlf('Content-Type: text/plain; charset=x-no-such', '', 'naïve'))).toBe('naïve');
    // Not valid UTF-8: read as Windows-1252 (0x80 is "€" there; some Node versions decode it as Latin-1).
    expect(bodyText(concat(latin('Content-Type: text/plain\r\n\r\n'), latin('na\u00efve \u0080')))).toMatch(/^naïve [€\u0080]$/);
  });

  it('takes the plain alternative of multipart/alternative nested inside multipart/mixed, and skips the attachment', () => {
    const source = crlf(
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      'This is the preamble, not text.',
      '--outer',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Plain wombat text',
      '--inner',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Html echidna text</p>',
      '--inner--',
      '--outer',
      'Content-Type: text/plain; name="notes.txt"',
      'Content-Disposition: attachment; filename="notes.txt"',
      '',
      'Attached kangaroo notes',
      '--outer',
      'Content-Type: image/png',
      'Content-Transfer-Encoding: base64',
      '',
      'iVBORw0KGgo=',
      '--outer--',
      'Epilogue dingo',
    );
    const text = bodyText(source);
    expect(text).toContain('Plain wombat text');
    expect(text).not.toContain('echidna');
    expect(text).not.toContain('kangaroo');
    expect(text).not.toContain('preamble');
    expect(text).not.toContain('dingo');
    expect(text).not.toContain('PNG');
  });

  it('joins every inline text part of multipart/mixed', () => {
    const source = crlf(
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b',
      '',
      'First part',
      '--b',
      'Content-Type: text/plain',
      '',
      'Second part',
      '--b--',
    );
    expect(bodyText(source)).toBe('First part\nSecond part');
  });

  it('strips an HTML-only message to its visible text, scripts and styles dropped, entities decoded', () => {
    const source = crlf(
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<html><head><title>Hidden title</title><style>.x { color: red }</style></head>',
      '<body><script>var secret =3D 1;</script><p>Caf&eacute; &amp; tea&nbsp;with <b>bilby</b>&#33; &#x263A;</p><!-- a comment --></body></html>',
    );
    const text = bodyText(source);
    expect(text).toContain('tea with');
    expect(text).toContain('bilby');
    expect(text).toContain('!');
    expect(text).toContain('☺');
    expect(text).toContain('&');
    for (const hidden of ['secret', 'color', 'comment', 'Hidden', '<p>']) expect(text).not.toContain(hidden);
  });

  it('takes the HTML alternative when there is no plain one', () => {
    const source = crlf(
      'Content-Type: multipart/alternative; boundary=x',
      '',
      '--x',
      'Content-Type: text/html',
      '',
      '<div>Only numbat</div>',
      '--x--',
    );
    expect(bodyText(source).trim()).toBe('Only numbat');
  });

  it('indexes nothing of a non-text single part message', () => {
    expect(bodyText(crlf('Content-Type: application/pdf', 'Content-Transfer-Encoding: base64', '', btoa('%PDF-1.4 secret')))).toBe('');
  });

  it('reads a forwarded message/rfc822 part that is inline', () => {
    const source = crlf(
      'Content-Type: multipart/mixed; boundary=f',
      '',
      '--f',
      'Content-Type: message/rfc822',
      '',
      'Subject: inner',
      '',
      'Forwarded quoll',
      '--f--',
    );
    expect(bodyText(source)).toBe('Forwarded quoll');
  });

  it('stops at a nesting depth bound', () => {
    const open = Array.from({ length: 10 }, (_, i) => [`Content-Type: multipart/mixed; boundary=b${i}`, '', `--b${i}`]).flat();
    const source = crlf(...open, 'Content-Type: text/plain', '', 'Too deep tuatara');
    expect(bodyText(source)).toBe('');
  });

  it('reads at most the first 256 KB of the source and returns at most 32 KB of text', () => {
    const line = 'lorem ipsum dolor sit amet\r\n';
    const big = enc(`Content-Type: text/plain\r\n\r\n${line.repeat(Math.ceil((MAX_SOURCE_BYTES * 2) / line.length))}tailword`);
    const text = bodyText(big);
    expect(text.length).toBeLessThanOrEqual(MAX_BODY_TEXT);
    expect(text).not.toContain('tailword');
  });

  it('never throws on broken MIME', () => {
    const broken = [
      new Uint8Array(),
      enc('no header end at all'),
      crlf('Content-Type: multipart/mixed', '', 'no boundary parameter'),
      crlf('Content-Type: multipart/mixed; boundary="unterminated', '', '--unterminated', 'Content-Type: text/plain', '', 'still here'),
      crlf('Content-Type: text/plain', 'Content-Transfer-Encoding: base64', '', '!!!not base64 at all%%%'),
      crlf('Content-Type: text/plain', 'Content-Transfer-Encoding: quoted-printable', '', '=ZZ=4', '=='),
      crlf('Content-Type: ;;;===""";', '', 'body'),
      crlf('Content-Type: text/html', '', '<script>never closed', '&#99999999; &#0; &bogus;'),
      Uint8Array.from({ length: 4096 }, (_, i) => (i * 131) % 256),
    ];
    for (const source of broken) expect(() => bodyText(source)).not.toThrow();
    expect(bodyText(broken[3]!)).toBe('still here');
  });
});

describe('htmlToText', () => {
  it('leaves unknown entities as written and turns tags into spaces', () => {
    expect(htmlToText('a<br>b &unknown; &lt;tag&gt;')).toBe('a b &unknown; <tag>');
  });
});
