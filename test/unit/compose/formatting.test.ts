import { describe, expect, it } from 'vitest';

import { htmlDocument, textToHtml } from '../../../electron/engine/compose/formatting';

describe('simple safe formatting', () => {
  it('turns *bold*, _italic_, links, lists and quotes into a fixed set of tags', () => {
    expect(textToHtml('a *b* _c_ https://x.org/p?q=1.')).toBe(
      'a <b>b</b> <i>c</i> <a href="https://x.org/p?q=1">https://x.org/p?q=1</a>.<br>',
    );
    expect(textToHtml('- one\n- two')).toBe('<ul><li>one</li><li>two</li></ul>');
    expect(textToHtml('> q\n> *r*\nafter')).toBe('<blockquote type="cite">q<br>\n<b>r</b><br></blockquote>\nafter<br>');
    expect(textToHtml('x\n-- \nSig <me>')).toBe('x<br>\n<div class="signature">-- <br>Sig &lt;me&gt;</div>');
  });

  it('escapes everything the user typed: no markup, script or event handler gets through', () => {
    const hostile = '<script>alert(1)</script> <img src=x onerror=alert(1)> "quoted" \'single\' & javascript:alert(1) data:text/html,<b>';
    const html = textToHtml(hostile);
    expect(html).not.toMatch(/<script|<img|href="javascript|href="data/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&quot;quoted&quot;');
    expect(html).toContain('&#39;single&#39;');
    // Only our own tags appear.
    const tags = [...html.matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]);
    expect(new Set(tags)).toEqual(new Set(['br']));
  });

  it('does not let a link carry quotes or angle brackets out of its attribute', () => {
    const html = textToHtml('https://x.org/"onmouseover="alert(1)');
    expect(html).not.toContain('"onmouseover');
    expect(html).toContain('href="https://x.org/&quot;onmouseover=&quot;alert(1">');
  });

  it('wraps it in a UTF-8 document', () => {
    expect(htmlDocument('ä')).toMatch(/^<!DOCTYPE html>\n<html><head><meta charset="utf-8"><\/head><body>\nä<br>\n<\/body><\/html>\n$/);
  });
});
