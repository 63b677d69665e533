import { describe, expect, it } from 'vitest';

import { classifyLink, classifyMailUrl, looksDeceptive } from '../../../../../../renderer/features/mail/reader/mail-urls';

describe('classifyMailUrl', () => {
  it('tells remote, cid, inline and dropped URLs apart', () => {
    expect(classifyMailUrl('https://a.test/x.png')).toEqual({ kind: 'remote', url: 'https://a.test/x.png', origin: 'https://a.test' });
    expect(classifyMailUrl('//a.test/x.png')).toMatchObject({ kind: 'remote', url: 'https://a.test/x.png' });
    expect(classifyMailUrl('cid:part1@x')).toEqual({ kind: 'cid', contentId: 'part1@x' });
    expect(classifyMailUrl('cid:%3Cpart1@x%3E')).toEqual({ kind: 'cid', contentId: 'part1@x' });
    expect(classifyMailUrl('data:image/gif;base64,R0lG')).toEqual({ kind: 'inline-image' });
    for (const drop of [
      'x.png',
      '/abs.png',
      'javascript:alert(1)',
      'java\tscript:x',
      'data:image/svg+xml,<svg>',
      'ftp://a.test/x',
      'https://user:pw@a.test/x',
      '',
    ]) {
      expect(classifyMailUrl(drop).kind).toBe('drop');
    }
  });
});

describe('links', () => {
  it('classifies web, mail and other links', () => {
    expect(classifyLink('https://example.org/a?b')).toEqual({ kind: 'web', url: 'https://example.org/a?b', host: 'example.org' });
    expect(classifyLink('mailto:ann%40x.test')).toMatchObject({ kind: 'mailto', address: 'ann@x.test' });
    expect(classifyLink('javascript:alert(1)').kind).toBe('other');
    expect(classifyLink('file:///etc/passwd').kind).toBe('other');
  });

  it('flags link text that shows another host than the real target', () => {
    expect(looksDeceptive('https://mybank.example', classifyLink('https://evil.test/login'))).toBe(true);
    expect(looksDeceptive('www.mybank.example/login', classifyLink('https://evil.test/'))).toBe(true);
    expect(looksDeceptive('mybank.example', classifyLink('https://www.mybank.example/'))).toBe(false);
    expect(looksDeceptive('login.mybank.example', classifyLink('https://login.mybank.example/'))).toBe(false);
    expect(looksDeceptive('Click here', classifyLink('https://evil.test/'))).toBe(false);
  });
});
