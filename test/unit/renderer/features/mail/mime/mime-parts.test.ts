import { describe, expect, it } from 'vitest';

import { attachmentBytes, isRisky, safeFilename } from '../../../../../../renderer/features/mail/mime/attachments';
import { decodeEncodedWords, mimeParts, parseHeaderValue, partContent } from '../../../../../../renderer/features/mail/mime/mime-parts';

const enc = (s: string) => new TextEncoder().encode(s);
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

const related = [
  'From: a@x.test',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  'preamble',
  '--outer',
  'Content-Type: multipart/related; boundary=inner',
  '',
  '--inner',
  'Content-Type: text/html; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '<p>Hi =C3=A9</p><img src=3D"cid:logo@x">',
  '--inner',
  'Content-Type: image/png; name="logo.png"',
  'Content-ID: <logo@x>',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: inline',
  '',
  b64(PNG),
  '--inner--',
  '--outer',
  'Content-Type: application/pdf',
  "Content-Disposition: attachment; filename*=utf-8''R%C3%A9sum%C3%A9.pdf",
  'Content-Transfer-Encoding: base64',
  '',
  b64(enc('%PDF-1.4 fake')),
  '--outer',
  'Content-Type: text/plain; name="=?utf-8?B?bm90ZXMudHh0?="',
  'Content-Disposition: attachment',
  '',
  'From the desk of',
  '--outer--',
  'epilogue',
  '',
].join('\r\n');

describe('mimeParts', () => {
  const bytes = enc(related);
  const parts = mimeParts(bytes);

  it('finds the leaf parts of nested multiparts in order, with their names and ids', () => {
    expect(parts.map((p) => [p.contentType, p.contentId, p.filename, p.disposition])).toEqual([
      ['text/html', null, null, null],
      ['image/png', 'logo@x', 'logo.png', 'inline'],
      ['application/pdf', null, 'Résumé.pdf', 'attachment'],
      ['text/plain', null, 'notes.txt', 'attachment'],
    ]);
  });

  it('decodes base64 and quoted-printable content exactly', () => {
    expect(partContent(bytes, parts[1]!)).toEqual(PNG);
    expect(new TextDecoder().decode(partContent(bytes, parts[0]!))).toBe('<p>Hi é</p><img src="cid:logo@x">');
    expect(new TextDecoder().decode(partContent(bytes, parts[3]!))).toBe('From the desk of');
  });

  it('matches mailparser’s attachment list to parts', () => {
    const all = [
      { index: 0, filename: 'logo.png', contentType: 'image/png', size: 12, contentId: '<logo@x>', inline: true },
      { index: 1, filename: 'Résumé.pdf', contentType: 'application/pdf', size: 13, contentId: null, inline: false },
    ];
    expect(attachmentBytes(bytes, all[0]!, all)).toEqual(PNG);
    expect(new TextDecoder().decode(attachmentBytes(bytes, all[1]!, all)!)).toBe('%PDF-1.4 fake');
  });

  it('survives hostile structure: missing boundaries, endless nesting, no headers', () => {
    expect(mimeParts(enc('Content-Type: multipart/mixed; boundary=x\r\n\r\nno parts at all'))).toEqual([]);
    const deep = Array.from({ length: 200 }, (_, i) => `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n`).join('');
    expect(() => mimeParts(enc(deep))).not.toThrow();
    expect(mimeParts(enc('just text'))).toHaveLength(1);
  });
});

describe('header values', () => {
  it('parses parameters with quotes and RFC 2231 continuations', () => {
    const v = parseHeaderValue('attachment; filename*0*=utf-8\'\'a%20b; filename*1=" c.txt"; size=3');
    expect(v.value).toBe('attachment');
    expect(v.params.get('filename')).toBe('a b c.txt');
    expect(parseHeaderValue('text/plain; name="semi;colon.txt"').params.get('name')).toBe('semi;colon.txt');
    // A quote left open still means the quoted text (senders write `boundary="b` too).
    expect(parseHeaderValue('multipart/mixed; boundary="open').params.get('boundary')).toBe('open');
  });

  it('decodes RFC 2047 words', () => {
    expect(decodeEncodedWords('=?iso-8859-1?Q?caf=E9_menu?= =?utf-8?B?LnBkZg==?=')).toBe('café menu.pdf');
  });
});

describe('saving attachments', () => {
  it('makes file names safe', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('C:\\Windows\\evil.exe')).toBe('evil.exe');
    expect(safeFilename('.bashrc')).toBe('bashrc');
    expect(safeFilename('report.pdf.   ')).toBe('report.pdf');
    expect(safeFilename('CON.txt')).toBe('attachment_CON.txt');
    expect(safeFilename('in\u202Egnp.exe')).toBe('in_gnp.exe');
    expect(safeFilename('a<b>:"c"|?*.txt')).toBe('a_b___c____.txt');
    expect(safeFilename('')).toBe('attachment');
    expect(safeFilename(`${'x'.repeat(300)}.pdf`)).toMatch(/^x{176}\.pdf$/);
  });

  it('knows which types need a warning', () => {
    expect(isRisky('setup.exe', 'application/octet-stream')).toBe(true);
    expect(isRisky('invoice.pdf.js', 'text/plain')).toBe(true);
    expect(isRisky('page.html', 'text/html')).toBe(true);
    expect(isRisky('x', 'application/x-msdownload')).toBe(true);
    expect(isRisky('photo.jpg', 'image/jpeg')).toBe(false);
  });
});
