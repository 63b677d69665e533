/**
 * Message-ID headers of mail the user moved lately. An IMAP move gives the message a new UID, so it
 * arrives in the target folder as a new row; it is not new mail, and must not be announced.
 */
const KEEP_MS = 10 * 60_000;
const moved = new Map<string, number>();

export const rememberMoved = (messageIds: readonly (string | null)[], now = Date.now()): void => {
  for (const id of messageIds) if (id) moved.set(id, now + KEEP_MS);
};

export const recentlyMoved = (now = Date.now()): ReadonlySet<string> => {
  for (const [id, until] of moved) if (until < now) moved.delete(id);
  return new Set(moved.keys());
};
