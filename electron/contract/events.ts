import { z } from 'zod';

import { accountSchema } from './accounts';
import { composeEvents } from './compose';
import { type imapFolderStateSchema, type popUidlStateSchema, syncBatchSchema } from './mail';
import { appErrorSchema } from './result';
import { wizardEvents } from './wizard';

/**
 * What the engine asks of the store that lives in the renderer (ARCHITECTURE.md: Dexie runs only
 * there). `apply` is answered only after the transaction committed durably; POP3 DELE waits on it.
 */
export const storeRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('apply'), batch: syncBatchSchema }),
  z.object({ kind: z.literal('readPopState'), accountId: z.string() }),
  z.object({ kind: z.literal('readImapFolderStates'), accountId: z.string() }),
  z.object({ kind: z.literal('readSource'), messageId: z.string() }),
  z.object({ kind: z.literal('readFolderMessageIds'), folderId: z.string() }),
  /** From the window, never the engine: keep the folder's index for this column sort (renderer/store/sort-keys.ts). */
  z.object({ kind: z.literal('prepareSort'), folderId: z.string(), sort: z.enum(['from', 'subject', 'size']) }),
]);
export type StoreRequest = z.infer<typeof storeRequestSchema>;

/** What each store request answers with. */
export interface StoreAnswers {
  apply: { committed: true };
  readPopState: z.infer<typeof popUidlStateSchema>[];
  readImapFolderStates: z.infer<typeof imapFolderStateSchema>[];
  readSource: { bytes: Uint8Array } | null;
  readFolderMessageIds: string[];
  prepareSort: { ready: true };
}

export const accountStatusSchema = z.object({
  accountId: z.string(),
  state: z.enum(['idle', 'checking', 'online', 'reconnecting', 'offline', 'error']),
  lastCheckedAt: z.number().nullable(),
  nextCheckAt: z.number().nullable(),
  error: appErrorSchema.nullable(),
  /** Plain words for the status bar, e.g. "Downloading 12 of 340". */
  detail: z.string().nullable(),
});
export type AccountStatus = z.infer<typeof accountStatusSchema>;

export const syncProgressSchema = z.object({
  accountId: z.string(),
  phase: z.enum(['connecting', 'listing', 'downloading', 'deleting', 'done']),
  done: z.number().int(),
  total: z.number().int(),
  bytes: z.number(),
});
export type SyncProgress = z.infer<typeof syncProgressSchema>;

/** Every engine → renderer event, declared once. */
export const events = {
  'store:request': z.object({ requestId: z.string(), request: storeRequestSchema }),
  'account:status': accountStatusSchema,
  'sync:progress': syncProgressSchema,
  'accounts:changed': z.object({ accounts: z.array(accountSchema) }),
  'log:error': z.object({ accountId: z.string().nullable(), error: appErrorSchema }),
  ...wizardEvents,
  ...composeEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.infer<Events[N]>;
