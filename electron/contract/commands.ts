import { z } from 'zod';

import { accountSchema, accountSettingsSchema, passwordSchema } from './accounts';
import { composeCommands } from './compose';
import { addressSchema, bytesSchema, locationSchema } from './mail';
import { remoteCommands } from './remote';
import { appErrorSchema } from './result';
import { searchCommands } from './search';
import { wizardCommands } from './wizard';

const empty = z.object({}).strict();

const folderNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^/\\]+$/, 'A folder name cannot contain / or \\');

export const connectionTestSchema = z.object({
  ok: z.boolean(),
  error: appErrorSchema.optional(),
  /** What the server told us about itself: capabilities, quota, whether it has UIDL, … */
  facts: z.record(z.string(), z.string()).default({}),
});
export type ConnectionTest = z.infer<typeof connectionTestSchema>;

export const parsedMessageSchema = z.object({
  subject: z.string(),
  from: z.array(addressSchema),
  to: z.array(addressSchema),
  cc: z.array(addressSchema),
  date: z.number().nullable(),
  text: z.string().nullable(),
  html: z.string().nullable(),
  attachments: z.array(
    z.object({
      index: z.number().int(),
      filename: z.string(),
      contentType: z.string(),
      size: z.number().int(),
      contentId: z.string().nullable(),
      inline: z.boolean(),
    }),
  ),
  /** Set when the MIME could not be fully parsed; the raw source stays viewable (invariant 3). */
  problem: z.string().nullable(),
});
export type ParsedMessage = z.infer<typeof parsedMessageSchema>;

export const storeResponseSchema = z.object({
  requestId: z.string(),
  result: z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value: z.unknown() }),
    z.object({ ok: z.literal(false), error: appErrorSchema }),
  ]),
});

/**
 * Every renderer → engine command, declared once (STYLE.md habit 1). Both transports (Electron IPC
 * and the browser host's WebSocket) parse `input` as unknown with these schemas before any handler
 * sees it; `output` types the renderer's client.
 */
export const commands = {
  'app:info': {
    input: empty,
    output: z.object({ version: z.string(), transport: z.enum(['electron', 'browser']), dataDir: z.string() }),
  },
  /**
   * A part of the window failed to draw (a React error boundary caught it): written to the engine's
   * log, so "it just went blank" leaves a trace. Bounded: a renderer cannot flood the log.
   */
  'app:reportError': {
    input: z.object({ where: z.string().max(100), message: z.string().max(2_000), stack: z.string().max(8_000).default('') }).strict(),
    output: z.object({ logged: z.literal(true) }),
  },
  /**
   * Opens a web or mail link in the system's browser or mail program, after the user confirmed it
   * in the reader. Only http(s) and mailto URLs are accepted, checked again where this enters main.
   * The desktop app does it with shell.openExternal; the browser host opens a tab itself.
   */
  'app:openExternal': {
    input: z.object({ url: z.string().max(8_000) }).strict(),
    output: z.object({ opened: z.literal(true) }),
  },
  'accounts:list': { input: empty, output: z.array(accountSchema) },
  'accounts:add': {
    input: z.object({ settings: accountSettingsSchema, password: passwordSchema }).strict(),
    output: accountSchema,
  },
  'accounts:update': {
    input: z.object({ accountId: z.string(), settings: accountSettingsSchema, password: passwordSchema.optional() }).strict(),
    output: accountSchema,
  },
  'accounts:remove': { input: z.object({ accountId: z.string() }).strict(), output: z.object({ removed: z.literal(true) }) },
  'accounts:test': {
    input: z.object({ settings: accountSettingsSchema, password: passwordSchema }).strict(),
    output: z.object({ incoming: connectionTestSchema, smtp: connectionTestSchema.optional() }),
  },
  'sync:now': {
    input: z.object({ accountId: z.string().optional() }).strict(),
    output: z.object({ started: z.array(z.string()) }),
  },
  /** This renderer runs the store writer; the engine sends it store requests from now on. */
  'store:attach': { input: z.object({ clientId: z.string().min(1).max(100) }).strict(), output: z.object({ attached: z.literal(true) }) },
  'store:respond': { input: storeResponseSchema, output: z.object({ received: z.boolean() }) },
  'mime:parse': {
    input: z.object({ bytes: bytesSchema }).strict(),
    output: parsedMessageSchema,
  },
  'message:fetchSource': {
    input: z.object({ messageId: z.string() }).strict(),
    output: z.object({ bytes: bytesSchema, location: locationSchema }),
  },
  'message:setFlags': {
    input: z
      .object({ messageIds: z.array(z.string()).min(1).max(100_000), seen: z.boolean().optional(), flagged: z.boolean().optional() })
      .strict(),
    output: z.object({ queued: z.number().int() }),
  },
  'message:move': {
    input: z.object({ messageIds: z.array(z.string()).min(1).max(100_000), toFolderId: z.string() }).strict(),
    output: z.object({ queued: z.number().int() }),
  },
  'folder:create': {
    input: z
      .object({
        accountId: z.string(),
        name: folderNameSchema,
      })
      .strict(),
    output: z.object({ folderId: z.string() }),
  },
  'folder:rename': {
    input: z
      .object({
        folderId: z.string(),
        name: folderNameSchema,
      })
      .strict(),
    output: z.object({ folderId: z.string() }),
  },
  /** The server's mailbox size limit (IMAP GETQUOTAROOT); null when the server reports none or is POP3. */
  'account:quota': {
    input: z.object({ accountId: z.string() }).strict(),
    output: z.object({ usedBytes: z.number(), limitBytes: z.number() }).nullable(),
  },
  /** Its messages go to Trash first; a folder is never deleted with mail in it. */
  'folder:delete': { input: z.object({ folderId: z.string() }).strict(), output: z.object({ movedToTrash: z.number().int() }) },
  'message:delete': {
    input: z.object({ messageIds: z.array(z.string()).min(1).max(100_000), permanent: z.boolean() }).strict(),
    output: z.object({ queued: z.number().int() }),
  },
  ...wizardCommands,
  ...composeCommands,
  ...searchCommands,
  ...remoteCommands,
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<N extends CommandName> = z.input<Commands[N]['input']>;
export type ParsedCommandInput<N extends CommandName> = z.output<Commands[N]['input']>;
export type CommandOutput<N extends CommandName> = z.output<Commands[N]['output']>;

export const isCommandName = (name: unknown): name is CommandName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name);
