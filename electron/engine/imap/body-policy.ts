import type { ImapOptions } from '../../contract';

const dayMs = 86_400_000;

/**
 * Whether the offline policy wants a message's body downloaded after its header. Messages larger
 * than the attachment cap are left for on-demand download, so one huge attachment cannot fill the
 * disk or hold up the rest.
 */
export const wantsBody = (policy: ImapOptions['offline'], capKb: number, message: { date: number; size: number }, now: number): boolean => {
  if (policy.kind === 'headers-only') return false;
  if (message.size > capKb * 1024) return false;
  if (policy.kind === 'everything') return true;
  return message.date >= now - policy.days * dayMs;
};
