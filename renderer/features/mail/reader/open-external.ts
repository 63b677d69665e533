import type { HomingClient } from '../../../api/client';
import { classifyLink } from './mail-urls';

/**
 * Opens a web or mail link outside Homing, after the user confirmed it. Only http(s) and mailto
 * ever get here. In the browser host that is a new browser tab without an opener (the page the
 * link leads to cannot reach back into Homing). In the desktop app every window.open is denied, so
 * the main process opens it with shell.openExternal (`app:openExternal`, which checks the URL
 * again). Resolves false when nothing could be opened, so the dialog can offer to copy the address.
 */
export const openExternal = async (href: string, client: Pick<HomingClient, 'call'>): Promise<boolean> => {
  const target = classifyLink(href);
  if (target.kind === 'other') return false;
  if (window.homingBridge) return (await client.call('app:openExternal', { url: target.url })).ok;
  window.open(target.url, '_blank', 'noopener,noreferrer');
  return true;
};
