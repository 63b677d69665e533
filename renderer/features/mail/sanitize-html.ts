import DOMPurify from 'dompurify';

/**
 * Allow-list sanitizing of hostile mail HTML (invariant 6). The result is shown in an iframe
 * sandbox without allow-scripts, under a CSP that blocks every remote load; this is the first of
 * those layers, not the only one.
 */
export const sanitizeMailHtml = (html: string): string => {
  const purify = DOMPurify(window);
  purify.addHook('uponSanitizeElement', (node, data) => {
    // CSS @import (also in escaped forms like @\69mport) would fetch remote style sheets.
    if (data.tagName === 'style' && node.textContent) {
      const text = node.textContent.replace(/\\([0-9a-f]{1,6})\s?/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
      node.textContent = /@import/i.test(text) ? text.replace(/@import[^;]*;?/gi, '') : text;
    }
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('rel', 'noopener noreferrer');
      node.removeAttribute('target');
    }
  });
  return purify.sanitize(html, {
    WHOLE_DOCUMENT: false,
    FORBID_TAGS: ['meta', 'base', 'link', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'frame', 'object', 'embed', 'script', 'svg', 'math'],
    FORBID_ATTR: ['srcdoc', 'formaction', 'action', 'ping', 'background'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|cid:|data:image\/(?:png|gif|jpe?g|webp);)/i,
  });
};

/** The document put in the sandboxed iframe; its own CSP repeats the parent's "nothing remote". */
export const frameDocument = (safeBody: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'"><style>body{font:14px/1.5 system-ui,sans-serif;margin:12px;color:#1b1b1b;background:#fff;word-wrap:break-word}img{max-width:100%;height:auto}</style></head><body>${safeBody}</body></html>`;
