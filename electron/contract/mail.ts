import { z } from 'zod';

import { accountSchema } from './accounts';

/**
 * Where a message lives (ARCHITECTURE.md, "Where mail lives"). Every badge and warning in the UI
 * is derived from this and `serverCopyUntil`, never guessed.
 * - `server`: IMAP, only headers are here.
 * - `server+local`: IMAP with the body cached, or POP3 still kept on the server.
 * - `local`: the only copy is on this computer (POP3 after deletion, local folders).
 */
export const locationSchema = z.enum(['server', 'server+local', 'local']);
export type Location = z.infer<typeof locationSchema>;

export const addressSchema = z.object({ name: z.string(), address: z.string() });
export type MailAddress = z.infer<typeof addressSchema>;

export const folderRoleSchema = z.enum(['inbox', 'sent', 'drafts', 'trash', 'junk', 'archive', 'all', 'custom']);
export type FolderRole = z.infer<typeof folderRoleSchema>;

export const folderSchema = z.object({
  /** `${accountId}/${path}` */
  id: z.string(),
  accountId: z.string(),
  path: z.string(),
  name: z.string(),
  parentPath: z.string().nullable(),
  role: folderRoleSchema,
  /** IMAP folders mirror the server; POP3 folders exist only here. */
  local: z.boolean(),
  subscribed: z.boolean().default(true),
});
export type Folder = z.infer<typeof folderSchema>;

export const messageHeaderSchema = z.object({
  /** `${accountId}/${key}`, key being the POP3 UIDL or `${folderPath}/${uidValidity}/${uid}` for IMAP. */
  id: z.string(),
  accountId: z.string(),
  folderId: z.string(),
  /** Protocol identity: POP3 UIDL, or IMAP UID within folder+UIDVALIDITY. */
  remoteKey: z.string(),
  messageId: z.string().nullable(),
  inReplyTo: z.string().nullable(),
  /**
   * The References header's Message-IDs, oldest first, at most the nearest 50: what threads a
   * reply whose In-Reply-To is missing or points at a message that is not here. Absent on rows
   * stored before it existed.
   */
  references: z.array(z.string().max(1_000)).max(50).optional(),
  subject: z.string(),
  from: z.array(addressSchema),
  to: z.array(addressSchema),
  cc: z.array(addressSchema),
  /** ms since epoch, from the Date header (or internal date / download time when absent). */
  date: z.number(),
  size: z.number().int().nonnegative(),
  seen: z.boolean(),
  flagged: z.boolean(),
  answered: z.boolean(),
  hasAttachments: z.boolean(),
  snippet: z.string(),
  location: locationSchema,
  /** POP3 keep-N-days: when the server copy will be deleted (ms). null: no date applies. */
  serverCopyUntil: z.number().nullable(),
  /** The full source is stored (false for POP3 headers-only and uncached IMAP). */
  hasSource: z.boolean(),
});
export type MessageHeader = z.infer<typeof messageHeaderSchema>;

// Typed as plain Uint8Array (Node Buffers are Uint8Arrays too) so Buffers from sockets fit as-is.
export const bytesSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'Expected raw bytes');

/** Raw RFC 5322 bytes exactly as the server sent them (invariant 3). */
export const messageSourceSchema = z.object({ id: z.string(), bytes: bytesSchema });
export type MessageSource = z.infer<typeof messageSourceSchema>;

/**
 * Per-UIDL POP3 state, committed in the same transaction as the message it describes, so a crash
 * between "stored" and "DELE" is recoverable without loss or duplicates (invariant 1).
 */
export const popUidlStateSchema = z.object({
  /** `${accountId}/${uidl}` */
  id: z.string(),
  accountId: z.string(),
  uidl: z.string(),
  state: z.enum(['downloaded', 'headers-only', 'delete-pending', 'deleted']),
  /** When this computer first stored it (ms); the keep-N-days clock starts here, as Thunderbird's does. */
  downloadedAt: z.number(),
  messageId: z.string(),
  /** The user deleted it here; for keep-until-deleted-here the server copy may now go. */
  deletedLocally: z.boolean().default(false),
});
export type PopUidlState = z.infer<typeof popUidlStateSchema>;

export const imapFolderStateSchema = z.object({
  folderId: z.string(),
  uidValidity: z.string(),
  highestModseq: z.string().nullable(),
  uidNext: z.number().int().nullable(),
});
export type ImapFolderState = z.infer<typeof imapFolderStateSchema>;

/** One unit of engine → store work, applied in ONE transaction and acknowledged only after commit. */
export const syncOpSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('putAccount'), account: accountSchema }),
  z.object({ op: z.literal('removeAccount'), accountId: z.string() }),
  z.object({ op: z.literal('putFolders'), folders: z.array(folderSchema) }),
  z.object({ op: z.literal('removeFolders'), folderIds: z.array(z.string()) }),
  z.object({
    op: z.literal('putMessages'),
    messages: z.array(messageHeaderSchema),
    sources: z.array(messageSourceSchema).default([]),
  }),
  z.object({
    op: z.literal('patchMessages'),
    patches: z.array(
      z.object({
        id: z.string(),
        seen: z.boolean().optional(),
        flagged: z.boolean().optional(),
        answered: z.boolean().optional(),
        location: locationSchema.optional(),
        serverCopyUntil: z.number().nullable().optional(),
        folderId: z.string().optional(),
        hasSource: z.boolean().optional(),
        snippet: z.string().optional(),
        hasAttachments: z.boolean().optional(),
      }),
    ),
  }),
  z.object({ op: z.literal('removeMessages'), ids: z.array(z.string()) }),
  z.object({ op: z.literal('putPopState'), entries: z.array(popUidlStateSchema) }),
  z.object({ op: z.literal('putImapFolderState'), states: z.array(imapFolderStateSchema) }),
]);
export type SyncOp = z.infer<typeof syncOpSchema>;

export const syncBatchSchema = z.object({
  id: z.string(),
  accountId: z.string().nullable(),
  ops: z.array(syncOpSchema),
});
export type SyncBatch = z.infer<typeof syncBatchSchema>;
