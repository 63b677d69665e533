import { describe, expect, it } from 'vitest';

import { decodeCssEscapes, newRemoteContext, sanitizeCss } from '../../../../../../renderer/features/mail/reader/sanitize-css';

describe('sanitizeCss', () => {
  it('decodes hex and character escapes before looking', () => {
    expect(decodeCssEscapes('@\\69mport')).toBe('@import');
    expect(decodeCssEscapes('@\\000069 mport')).toBe('@import');
    expect(decodeCssEscapes('@\\import')).toBe('@import');
    expect(decodeCssEscapes('u\\72l(')).toBe('url(');
  });

  it('removes @import in every spelling, including ones a removal would assemble', () => {
    const ctx = newRemoteContext(true);
    for (const css of ['@import "x.css";', '@IMPORT url(x.css);', '@\\69mport "x";', '@im/**/port "x";', '@imp@import "a";ort "b";']) {
      expect(sanitizeCss(css, ctx)).not.toMatch(/@import/i);
    }
  });

  it('counts and drops remote url()s while blocked; keeps data: images', () => {
    const ctx = newRemoteContext(false);
    const out = sanitizeCss(
      'a{background:url(https://x.test/a.png)} b{background:url("data:image/png;base64,AA==")} c{background:URL( \'http://y.test/b\' )}',
      ctx,
    );
    expect([...ctx.remote]).toEqual(['https://x.test/a.png', 'http://y.test/b']);
    expect(out).not.toContain('x.test');
    expect(out).toContain('data:image/png');
  });

  it('disables image-set, expression, behavior and malformed url(', () => {
    const out = sanitizeCss(
      "a{background:image-set('https://x.test/a.png' 1x);width:expression(alert(1));behavior:url(x.htc);b:url(https://x.test/\")}",
      newRemoteContext(false),
    );
    expect(out).not.toMatch(/(?<!-)image-set\(|(?<!-)expression\(|(?<!-)behavior:|(?<![-\w])url\(https/);
  });
});
