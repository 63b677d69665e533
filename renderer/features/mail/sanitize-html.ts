import DOMPurify from 'dompurify';

import { newRemoteContext, type RemoteContext, resolveResourceUrl, sanitizeCss } from './reader/sanitize-css';

/**
 * Allow-list sanitizing of hostile mail HTML (invariant 6). The result is shown in an iframe
 * sandbox without allow-scripts, under its own CSP that refuses every remote load unless the user
 * allowed it for this message (./reader/frame-document.ts); this is the first of those walls, not
 * the only one. Fixtures for each trick: test/unit/renderer/mail/sanitize-html.test.ts.
 */

export interface SanitizeOptions {
  /** Show remote images, backgrounds and fonts (the user chose "Load for this message")… */
  allowRemote?: boolean;
  /** …from these blob: URLs of the bytes the engine fetched (remote URL → blob: URL); others are dropped. */
  remoteUrls?: ReadonlyMap<string, string>;
  /** cid: Content-ID → blob: URL of the message's own inline part. */
  cidUrls?: ReadonlyMap<string, string>;
}

export interface SanitizedMail {
  /** Sanitized markup for the frame's body. */
  html: string;
  /** Sanitized style sheets from the message (its <head> and <body>). */
  css: string;
  /** Distinct remote URLs found (images, srcset candidates, backgrounds, CSS url()), loaded or not. */
  remote: string[];
  /** Their origins, for the frame's CSP when the user allows them. */
  origins: string[];
  /** Inline images referenced by Content-ID that could not be shown. */
  missingCid: string[];
}

/** Tags that can fetch, navigate, submit, embed or run code: never kept, whatever they hold. */
const FORBID_TAGS = [
  'script',
  'noscript',
  'meta',
  'base',
  'link',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'keygen',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'svg',
  'math',
  'template',
  'video',
  'audio',
  'source',
  'track',
  'area',
  'map',
  'dialog',
  'slot',
];
/** Attributes that fetch, navigate or submit on their own; event handlers are never allowed by DOMPurify. */
const FORBID_ATTR = [
  'srcdoc',
  'formaction',
  'action',
  'ping',
  'poster',
  'xlink:href',
  'usemap',
  'lowsrc',
  'dynsrc',
  'longdesc',
  'manifest',
  'http-equiv',
];
/** Links: web and mail addresses only. Images get their own treatment below (remote, cid:, data:). */
const ALLOWED_URI_REGEXP = /^(?:https?:|mailto:|cid:|data:image\/(?:png|gif|jpe?g|webp|bmp);|#)/i;

const srcsetCandidates = (srcset: string): { url: string; descriptor: string }[] =>
  srcset
    .split(/,(?=\s*\S)/)
    .map((candidate) => candidate.trim().split(/\s+/))
    .filter((parts) => parts[0])
    .map(([url, ...rest]) => ({ url: url!, descriptor: rest.join(' ') }));

const treatResources = (node: Element, ctx: RemoteContext): void => {
  const src = node.getAttribute('src');
  if (src !== null) {
    const kept = resolveResourceUrl(src, ctx);
    if (kept) node.setAttribute('src', kept);
    else {
      node.removeAttribute('src');
      if (node.tagName === 'IMG') node.setAttribute('data-blocked', '');
    }
  }
  const srcset = node.getAttribute('srcset');
  if (srcset !== null) {
    const kept = srcsetCandidates(srcset).flatMap(({ url, descriptor }) => {
      const resolved = resolveResourceUrl(url, ctx);
      return resolved ? [`${resolved}${descriptor ? ` ${descriptor}` : ''}`] : [];
    });
    if (kept.length) node.setAttribute('srcset', kept.join(', '));
    else node.removeAttribute('srcset');
  }
  const background = node.getAttribute('background');
  if (background !== null) {
    const kept = resolveResourceUrl(background, ctx);
    if (kept) node.setAttribute('background', kept);
    else node.removeAttribute('background');
  }
  const style = node.getAttribute('style');
  if (style !== null) node.setAttribute('style', sanitizeCss(style, ctx));
};

export const sanitizeMail = (html: string, options: SanitizeOptions = {}): SanitizedMail => {
  const ctx = newRemoteContext(options.allowRemote ?? false, options.cidUrls, options.remoteUrls);
  const purify = DOMPurify(window);
  const sheets: string[] = [];

  purify.addHook('uponSanitizeElement', (node, data) => {
    // Style sheets are taken out of the markup and put in the frame's <head> after sanitizing;
    // the element itself is dropped so nothing in it is parsed as HTML again.
    if (data.tagName === 'style') {
      sheets.push(sanitizeCss(node.textContent ?? '', ctx));
      node.textContent = '';
    }
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (!(node instanceof window.Element)) return;
    treatResources(node, ctx);
    if (node.tagName === 'A') {
      // No allow-popups in the frame's sandbox: a target=_blank link that slips past the click
      // handler opens nothing, where a plain link would navigate the frame.
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });

  const root = purify.sanitize(html, {
    WHOLE_DOCUMENT: true,
    RETURN_DOM: true,
    FORBID_TAGS,
    FORBID_ATTR,
    ADD_TAGS: ['style'],
    ALLOWED_URI_REGEXP,
    ALLOW_DATA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
  }) as HTMLElement;

  const body = root.querySelector('body');
  // The message's <body> styling (background colour, margins) moves onto a wrapper element.
  const wrapper = root.ownerDocument.createElement('div');
  wrapper.className = 'mail-body';
  for (const name of ['style', 'bgcolor', 'text', 'background']) {
    const value = body?.getAttribute(name);
    if (value) wrapper.setAttribute(name, value);
  }
  for (const child of Array.from((body ?? root).childNodes)) wrapper.appendChild(child);
  for (const el of Array.from(wrapper.querySelectorAll('style'))) el.remove();

  return {
    html: wrapper.outerHTML,
    css: sheets.filter((s) => s.trim()).join('\n'),
    remote: [...ctx.remote],
    origins: [...ctx.origins],
    missingCid: [...ctx.missingCid],
  };
};
