/**
 * How the reader treats each URL found in mail HTML. Mail has no base URL of its own: a relative
 * URL would resolve against Homing's own page, so it is dropped, never loaded. Protocol-relative
 * URLs ("//host/x") are remote and count as https.
 */
export type MailUrl =
  { kind: 'remote'; url: string; origin: string } | { kind: 'cid'; contentId: string } | { kind: 'inline-image' } | { kind: 'drop' };

/** Raster images only: an SVG data: URL is a document that could carry its own references. */
const INLINE_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|bmp);/i;
/** What CSP accepts as a host-source; anything else (odd characters, credentials) is not allowed through. */
const SAFE_ORIGIN = /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$|^https?:\/\/\[[0-9a-f:.]+\](?::\d{1,5})?$/i;

// C0 controls and whitespace are ignored by URL parsers inside schemes ("java\tscript:"), so strip them first.
const clean = (raw: string): string => raw.replace(/[\u0000-\u0020\u007f]+/g, '');

export const classifyMailUrl = (raw: string): MailUrl => {
  const value = clean(raw);
  if (!value) return { kind: 'drop' };
  if (/^cid:/i.test(value)) {
    const id = decodeURIComponentSafe(value.slice(4)).replace(/^<|>$/g, '');
    return id ? { kind: 'cid', contentId: id } : { kind: 'drop' };
  }
  if (INLINE_IMAGE.test(value)) return { kind: 'inline-image' };
  const absolute = value.startsWith('//') ? `https:${value}` : value;
  if (!/^https?:/i.test(absolute)) return { kind: 'drop' };
  let url: URL;
  try {
    url = new URL(absolute);
  } catch {
    return { kind: 'drop' };
  }
  // user:password@host URLs are a phishing device and never needed for an image.
  if (url.username || url.password || !SAFE_ORIGIN.test(url.origin)) return { kind: 'drop' };
  return { kind: 'remote', url: url.href, origin: url.origin };
};

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Links the user may open outside Homing, after seeing the real target. */
export type LinkTarget =
  { kind: 'web'; url: string; host: string } | { kind: 'mailto'; url: string; address: string } | { kind: 'other'; url: string };

export const classifyLink = (raw: string): LinkTarget => {
  const value = clean(raw);
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return { kind: 'web', url: url.href, host: url.host };
    if (url.protocol === 'mailto:') return { kind: 'mailto', url: url.href, address: decodeURIComponentSafe(url.pathname) };
  } catch {
    // fall through: not an absolute URL
  }
  return { kind: 'other', url: value };
};

/**
 * A link whose visible text is itself a web address on another host than its real target
 * ("https://mybank.example" pointing elsewhere) is the classic phishing shape; say so.
 */
export const looksDeceptive = (text: string, target: LinkTarget): boolean => {
  if (target.kind !== 'web') return false;
  const shown = text.trim().match(/^(?:https?:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:[/:?#]|$)/i);
  if (!shown?.[1]) return false;
  const shownHost = shown[1].toLowerCase().replace(/^www\./, '');
  const realHost = target.host
    .toLowerCase()
    .replace(/:\d+$/, '')
    .replace(/^www\./, '');
  return shownHost !== realHost && !realHost.endsWith(`.${shownHost}`);
};
