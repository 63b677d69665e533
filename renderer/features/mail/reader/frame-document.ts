import type { SanitizedMail } from '../sanitize-html';

/** Only well-formed http(s) origins ever reach a CSP source list. */
const CSP_ORIGIN = /^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The mail frame's own Content-Security-Policy (invariant 6). It sits on top of the page's policy
 * (a srcdoc frame inherits it) and is the network-layer gate per message:
 * - nothing loads unless listed (`default-src 'none'`), so no script, frame, object, form target,
 *   fetch or remote style sheet, whatever the sanitizer missed;
 * - images from the message itself only (data:, and blob: URLs made from its cid: parts),
 *   plus, when the user chose "Load for this message", exactly the origins found in it;
 * - inline styles, because mail layout lives in them.
 */
export const frameCsp = (allowedOrigins: readonly string[] = []): string => {
  const origins = allowedOrigins.filter((o) => CSP_ORIGIN.test(o));
  const remote = origins.length ? ` ${origins.join(' ')}` : '';
  return [
    "default-src 'none'",
    `img-src data: blob:${remote}`,
    `font-src data:${remote}`,
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
};

const BASE_STYLE = [
  'html{color-scheme:light}',
  'body{font:14px/1.5 system-ui,sans-serif;margin:0;padding:12px;color:#1b1b1b;background:#fff;overflow-wrap:anywhere}',
  'img{max-width:100%;height:auto}',
  'img[data-blocked]{display:inline-block;min-width:16px;min-height:16px;outline:1px dashed #b0b0b0}',
  'pre{white-space:pre-wrap}',
  'a{color:#1a55c4}',
  'table{max-width:100%}',
].join('');

/**
 * The document put in the sandboxed iframe. The CSP <meta> comes first in <head>, before anything
 * the message contributed, so it governs every load. `allowedOrigins` is empty unless the user
 * allowed this message's remote content.
 */
export const frameDocument = (mail: Pick<SanitizedMail, 'html' | 'css'>, allowedOrigins: readonly string[] = []): string =>
  '<!doctype html><html><head>' +
  `<meta http-equiv="Content-Security-Policy" content="${frameCsp(allowedOrigins)}">` +
  '<meta charset="utf-8"><meta name="referrer" content="no-referrer">' +
  `<style>${BASE_STYLE}</style>` +
  // </style> cannot appear in sanitized CSS text as markup, but escape "<" anyway: it is never needed.
  (mail.css ? `<style>${mail.css.replace(/</g, '\\3c ')}</style>` : '') +
  `</head><body>${mail.html}</body></html>`;
