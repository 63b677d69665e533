import { classifyMailUrl } from './mail-urls';

/** What sanitizing found and decided, shared by the HTML and CSS passes of one message. */
export interface RemoteContext {
  /** The user allowed remote content for this message: remote URLs become the blob: URLs in `remoteUrls`. */
  allowRemote: boolean;
  /** cid: Content-ID → a blob: URL made from the message's own part. */
  cidUrls: ReadonlyMap<string, string>;
  /**
   * Remote URL → a blob: URL of the bytes the engine fetched for it (`remote:fetch`). The frame
   * never loads anything from the network itself: a remote URL without bytes here is dropped.
   */
  remoteUrls: ReadonlyMap<string, string>;
  /** Every distinct remote URL met (loaded or blocked): the bar's honest count. */
  remote: Set<string>;
  origins: Set<string>;
  /** cid: references with no bytes to show. */
  missingCid: Set<string>;
}

export const newRemoteContext = (
  allowRemote: boolean,
  cidUrls: ReadonlyMap<string, string> = new Map(),
  remoteUrls: ReadonlyMap<string, string> = new Map(),
): RemoteContext => ({
  allowRemote,
  cidUrls,
  remoteUrls,
  remote: new Set(),
  origins: new Set(),
  missingCid: new Set(),
});

/**
 * Resolves one resource URL under the context's policy: the URL to keep, or null to drop it.
 * Remote URLs are counted whether or not they are kept.
 */
export const resolveResourceUrl = (raw: string, ctx: RemoteContext): string | null => {
  const url = classifyMailUrl(raw);
  switch (url.kind) {
    case 'inline-image':
      return raw.trim();
    case 'cid': {
      const blob = ctx.cidUrls.get(url.contentId);
      if (!blob) ctx.missingCid.add(url.contentId);
      return blob ?? null;
    }
    case 'remote':
      ctx.remote.add(url.url);
      ctx.origins.add(url.origin);
      return ctx.allowRemote ? (ctx.remoteUrls.get(url.url) ?? null) : null;
    case 'drop':
      return null;
  }
};

const HEX_ESCAPE = /\\([0-9a-f]{1,6})[ \t\n\r\f]?/gi;
const CHAR_ESCAPE = /\\([^\n\r\f0-9a-f])/gi;

/**
 * CSS escapes spell any identifier: `@\69mport` and `@\import` are both `@import`, and
 * `u\72l(` is `url(`. Decoding them first means every later check reads what the browser reads.
 * (A decoded `\"` inside a string can end the string early; that can only break the rule, and
 * the checks run on the very text that is emitted.)
 */
export const decodeCssEscapes = (css: string): string =>
  css
    .replace(HEX_ESCAPE, (_m, hex: string) => {
      const code = parseInt(hex, 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
    })
    .replace(CHAR_ESCAPE, '$1');

const URL_FUNCTION = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)/gi;

/**
 * Sanitizes a style sheet or a style attribute:
 * - comments become spaces (removing them outright would join `@im`, a comment and `port` into `@import`);
 * - `@import` is removed always (remote style sheets are never loaded), with every other statement
 *   at-rule;
 * - every `url()` goes through `resolveResourceUrl`: counted, and kept only when allowed;
 * - `image-set()` (which takes bare strings as URLs), `expression()`, `behavior` and `-moz-binding`
 *   are disabled: old engines ran code from them, and none is needed to read mail.
 */
export const sanitizeCss = (css: string, ctx: RemoteContext): string => {
  let text = decodeCssEscapes(css).replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' ');
  // Repeat until stable: removing one rule must not assemble another.
  for (let previous = ''; previous !== text;) {
    previous = text;
    // Every statement at-rule (one ending in ';' before any '{'): @import, @charset, @namespace,
    // @layer, and the bogus ones a browser ignores anyway, so their url()s are not counted.
    text = text.replace(/@[^;{}]*(?:;|$)/g, '');
  }
  text = text.replace(URL_FUNCTION, (_m, dq?: string, sq?: string, bare?: string) => {
    const kept = resolveResourceUrl(dq ?? sq ?? bare ?? '', ctx);
    return kept ? `url("${kept.replace(/["\\\n\r]/g, encodeURIComponent)}")` : 'none';
  });
  // Whatever still says url( was not a well-formed url() and is not trusted.
  text = text.replace(/url\(/gi, 'invalid-url(');
  // image-set() takes bare strings as URLs; it goes whole (one level of nested parentheses).
  text = text.replace(/(?:-webkit-)?image-set\((?:[^()]|\([^()]*\))*\)?/gi, 'none');
  text = text.replace(/image-set\(/gi, 'invalid-image-set(');
  text = text.replace(/expression\(/gi, 'invalid-expression(');
  text = text.replace(/(behavior|-moz-binding)\s*:/gi, 'invalid-$1:');
  return text;
};
