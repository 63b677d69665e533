// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';

import { frameCsp, frameDocument } from '../../../../../renderer/features/mail/reader/frame-document';
import { sanitizeMail } from '../../../../../renderer/features/mail/sanitize-html';
import { hostileFixtures } from '../../fixtures/hostile-mail';

const BEACON = 'http://beacon.test:8080';
const fill = (html: string) => html.replaceAll('BEACONHOST', 'beacon.test:8080').replaceAll('BEACON', BEACON);

/** Parses sanitized output the way the frame will, and lists everything in it that could act. */
const dangers = (html: string, css: string): string[] => {
  const doc = new DOMParser().parseFromString(`<style>${css}</style>${html}`, 'text/html');
  const found: string[] = [];
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    if (
      [
        'script',
        'iframe',
        'frame',
        'object',
        'embed',
        'applet',
        'meta',
        'base',
        'link',
        'form',
        'input',
        'button',
        'svg',
        'math',
        'video',
        'audio',
        'source',
        'noscript',
      ].includes(tag)
    )
      found.push(`<${tag}>`);
    for (const attr of Array.from(el.attributes)) {
      if (/^on/i.test(attr.name)) found.push(`${tag}[${attr.name}]`);
      if (['srcdoc', 'action', 'formaction', 'poster', 'ping'].includes(attr.name)) found.push(`${tag}[${attr.name}]`);
      if (/^\s*(javascript|vbscript|data:text)/i.test(attr.value)) found.push(`${tag}[${attr.name}=${attr.value.slice(0, 20)}]`);
    }
  }
  const text = doc.documentElement.outerHTML;
  if (/@import/i.test(text)) found.push('@import');
  if (text.includes(BEACON) || text.includes('beacon.test')) found.push('beacon URL');
  return found;
};

describe('sanitizeMail: hostile fixtures (remote content blocked)', () => {
  for (const fixture of hostileFixtures) {
    it(`${fixture.name}: leaves nothing that can run, navigate, submit or load`, () => {
      const out = sanitizeMail(fill(fixture.html));
      expect(dangers(out.html, out.css)).toEqual([]);
      expect(out.remote).toHaveLength(fixture.remote);
    });
  }
});

describe('sanitizeMail: remote content', () => {
  it('counts distinct remote URLs across src, srcset, background and CSS, and drops them while blocked', () => {
    const html = `<style>.a{background:url(https://cdn.test/a.png)}</style>
      <img src="https://cdn.test/a.png"><img src="https://cdn.test/b.png" srcset="https://img.test/c.png 2x">
      <table><tr><td background="http://old.test/d.gif"></td></tr></table><p style="background-image:url('https://cdn.test/e.png')">x</p>`;
    const out = sanitizeMail(html);
    expect(out.remote.sort()).toEqual(
      [
        'https://cdn.test/a.png',
        'https://cdn.test/b.png',
        'https://img.test/c.png',
        'http://old.test/d.gif',
        'https://cdn.test/e.png',
      ].sort(),
    );
    expect(out.origins.sort()).toEqual(['http://old.test', 'https://cdn.test', 'https://img.test']);
    expect(out.html).not.toMatch(/cdn\.test|img\.test|old\.test/);
    expect(out.css).not.toContain('cdn.test');
    expect(out.html).toContain('data-blocked');
  });

  it('when the user allowed them, shows remote images from the blob: URLs of the fetched bytes, and counts them the same', () => {
    const html = '<img src="https://cdn.test/a.png" alt="a"><div style="background:url(https://cdn.test/b.png)"></div>';
    const out = sanitizeMail(html, {
      allowRemote: true,
      remoteUrls: new Map([
        ['https://cdn.test/a.png', 'blob:http://app/a'],
        ['https://cdn.test/b.png', 'blob:http://app/b'],
      ]),
    });
    expect(out.remote).toHaveLength(2);
    expect(out.html).toContain('src="blob:http://app/a"');
    expect(out.html).toContain('url(&quot;blob:http://app/b&quot;)');
    expect(out.html).not.toContain('cdn.test');
    // Allowed but not fetched (refused, or still loading): never the remote URL itself.
    const pending = sanitizeMail(html, { allowRemote: true });
    expect(pending.remote).toHaveLength(2);
    expect(pending.html).not.toContain('cdn.test');
  });

  it('never keeps @import, even when remote content is allowed', () => {
    const out = sanitizeMail(
      '<style>@import url(https://cdn.test/x.css);@\\69mport "https://cdn.test/y.css";p{color:red}</style><p>x</p>',
      {
        allowRemote: true,
      },
    );
    expect(out.css).not.toMatch(/import/i);
    expect(out.css).toContain('color:red');
  });

  it('shows cid: images from the message itself and reports the ones it cannot find', () => {
    const out = sanitizeMail('<img src="cid:logo@x"><img src="cid:missing@x">', { cidUrls: new Map([['logo@x', 'blob:http://app/123']]) });
    expect(out.html).toContain('src="blob:http://app/123"');
    expect(out.missingCid).toEqual(['missing@x']);
    expect(out.remote).toEqual([]);
  });

  it('keeps inline raster data: images but not SVG or HTML data: URLs', () => {
    const out = sanitizeMail(
      '<img src="data:image/png;base64,iVBORw0KGgo="><img src="data:image/svg+xml,<svg/>"><img src="data:text/html,x">',
    );
    expect(out.html.match(/<img[^>]*src=/g)).toHaveLength(1);
  });

  it('makes every link inert for the frame (target=_blank without allow-popups) and keeps its real target', () => {
    const out = sanitizeMail('<a href="https://example.org/x" target="_top">x</a><a href="mailto:a@b.test">m</a>');
    const doc = new DOMParser().parseFromString(out.html, 'text/html');
    const links = Array.from(doc.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.org/x', 'mailto:a@b.test']);
    expect(links.every((a) => a.getAttribute('target') === '_blank' && a.getAttribute('rel') === 'noopener noreferrer')).toBe(true);
  });

  it('keeps the message body styling on a wrapper and its head styles as sheets', () => {
    const out = sanitizeMail('<html><head><style>h1{color:blue}</style></head><body style="background:#eee"><h1>Hi</h1></body></html>');
    expect(out.css).toContain('h1{color:blue}');
    expect(out.html).toMatch(/^<div class="mail-body" style="background:#eee">/);
  });
});

describe('the frame document', () => {
  it('puts its CSP first, refusing everything remote unless origins were allowed', () => {
    const doc = frameDocument({ html: '<p>x</p>', css: 'p{}' });
    expect(doc.indexOf('Content-Security-Policy')).toBeLessThan(doc.indexOf('<style>'));
    expect(frameCsp()).toBe(
      "default-src 'none'; img-src data: blob:; font-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
    );
    expect(frameCsp(['https://cdn.test', 'http://127.0.0.1:8080'])).toContain(
      'img-src data: blob: https://cdn.test http://127.0.0.1:8080;',
    );
  });

  it('lets no malformed origin into the policy', () => {
    expect(frameCsp(["https://x.test; script-src 'unsafe-inline'", 'javascript:x', 'https://ok.test'])).toContain(
      'img-src data: blob: https://ok.test;',
    );
  });

  it('cannot be closed early by CSS text', () => {
    const doc = frameDocument({ html: '', css: 'p::after{content:"</style><script>x</script>"}' });
    expect(doc).not.toContain('</style><script>');
  });
});
