import type { ImapFlow } from 'imapflow';

export interface Quota {
  usedBytes: number;
  limitBytes: number;
}

/**
 * GETQUOTAROOT for INBOX (RFC 9208). imapflow already converts the STORAGE resource from the
 * wire's kilobytes to bytes. null when the server has no QUOTA or sets no storage limit.
 */
export const readQuota = async (client: ImapFlow): Promise<Quota | null> => {
  const quota = await client.getQuota('INBOX');
  if (!quota || !quota.storage) return null;
  const { usage, limit } = quota.storage;
  if (typeof usage !== 'number' || typeof limit !== 'number' || limit <= 0) return null;
  return { usedBytes: usage, limitBytes: limit };
};
