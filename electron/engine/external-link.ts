import { HomingError } from '../contract';

/**
 * The only URLs Homing hands to the system: http(s) pages and mailto addresses, normalized by the
 * URL parser (so what opens is exactly what the reader showed). Anything else — file:, javascript:,
 * custom schemes that start local programs, credentials in the URL — is refused: a link in a
 * message must never become a way to run something on this computer.
 */
export const externalLink = (raw: string): string => {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new HomingError('invalid_input', 'That link is not a complete web or mail address, so Homing will not open it.');
  }
  if (url.protocol === 'mailto:') return url.href;
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new HomingError('invalid_input', `Homing opens only web (http, https) and mail (mailto) links, not ${url.protocol} links.`);
  if (url.username || url.password)
    throw new HomingError('invalid_input', 'That web link carries a user name or password in it, a common trick; Homing will not open it.');
  return url.href;
};
