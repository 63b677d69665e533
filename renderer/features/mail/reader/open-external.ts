import { classifyLink } from './mail-urls';

/**
 * Opens a web or mail link outside Homing, after the user confirmed it. Only http(s) and mailto
 * ever get here. In the browser host that is a new browser tab without an opener (the page the
 * link leads to cannot reach back into Homing). Electron's window-open handler denies every
 * window, so there it needs the main process to call shell.openExternal: the contract has no
 * command for that yet, so this reports false and the dialog offers to copy the address instead.
 */
export const openExternal = (href: string): boolean => {
  const target = classifyLink(href);
  if (target.kind === 'other') return false;
  if (window.homingBridge) return false;
  window.open(target.url, '_blank', 'noopener,noreferrer');
  return true;
};
