import { z } from 'zod';

import { appErrorSchema } from './result';

/**
 * Writing and sending mail: drafts, the outbox and their commands and events, declared once
 * (STYLE.md habit 1). `composeCommands` and `composeEvents` are spread into `commands` and
 * `events` (commands.ts, events.ts).
 */

/*
 * The same shapes as mail.ts's addressSchema and bytesSchema. Not imported from there: accounts.ts
 * imports this file (for composeSettingsSchema) and mail.ts imports accounts.ts, so importing
 * mail.ts here would make a cycle in which accountSchema is still undefined when mail.ts runs.
 */
const addressSchema = z.object({ name: z.string(), address: z.string() });
const bytesSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'Expected raw bytes');

/** The same rule as accounts.ts's emailSchema (not imported: see the cycle note above). */
const emailSchema = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^@\s]+@[^@\s]+$/, 'Not an email address');

/** The account's own address: always there, always first, never stored in `identities`. */
export const PRIMARY_IDENTITY_ID = 'primary';

/**
 * Another name and address the user writes as from this account (an alias, a shared address, a
 * role address such as support@). Sent through the account's own SMTP server, as Thunderbird's
 * identities are.
 */
export const identitySchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not an identity id')
    .refine((id) => id !== PRIMARY_IDENTITY_ID, 'That identity id is reserved for the account’s own address'),
  name: z.string().trim().max(200),
  address: emailSchema,
  signature: z.string().max(10_000).default(''),
  /** Where answers should go instead (RFC 5322 §3.6.2 Reply-To). */
  replyTo: emailSchema.optional(),
});
export type Identity = z.infer<typeof identitySchema>;
export type IdentityInput = z.input<typeof identitySchema>;

/**
 * Per-account settings for writing mail (`compose` on accountSettingsSchema). Every field has a
 * default, so accounts stored before a field existed still parse.
 */
export const composeSettingsSchema = z.object({
  /**
   * The signature of the account's own (primary) identity. Appended below the text as "-- \n" +
   * signature (RFC 3676 §4.3 signature separator).
   */
  signature: z.string().max(10_000).default(''),
  /**
   * The server files a copy of everything sent through it in Sent by itself (Gmail, many Exchange
   * setups). Homing then does not APPEND its own copy, which would show every message twice.
   */
  serverSavesSent: z.boolean().default(false),
  /** More identities besides the account's own address (which is always the first, see identitiesOf). */
  identities: z
    .array(identitySchema)
    .max(20)
    .default([])
    .refine((list) => new Set(list.map((i) => i.id)).size === list.length, 'Two identities have the same id'),
});
export type ComposeSettings = z.infer<typeof composeSettingsSchema>;
export type ComposeSettingsInput = z.input<typeof composeSettingsSchema>;

/**
 * Every identity of an account, its own address first (the default): name and address come from
 * the account, the signature from `compose.signature`. Pure, so the engine and the composer agree.
 */
export const identitiesOf = (account: { name: string; email: string; compose?: ComposeSettingsInput | undefined }): Identity[] => {
  const parsed = composeSettingsSchema.safeParse(account.compose ?? {});
  const settings = parsed.success ? parsed.data : composeSettingsSchema.parse({});
  return [{ id: PRIMARY_IDENTITY_ID, name: account.name, address: account.email, signature: settings.signature }, ...settings.identities];
};

export const draftIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Not a draft id');

export const draftAttachmentSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  filename: z.string().min(1).max(255),
  contentType: z.string().min(3).max(200),
  size: z.number().int().nonnegative(),
  /** A forwarded message travels as message/rfc822, exactly its stored bytes. */
  kind: z.enum(['file', 'message']).default('file'),
});
export type DraftAttachment = z.infer<typeof draftAttachmentSchema>;

export const composeModeSchema = z.enum(['new', 'reply', 'replyAll', 'forward', 'forwardAsAttachment']);
export type ComposeMode = z.infer<typeof composeModeSchema>;

/** Bounded so a hostile or broken renderer cannot make the engine build a gigabyte header. */
const recipientsSchema = z.array(addressSchema).max(500);

export const draftSchema = z.object({
  id: draftIdSchema,
  accountId: z.string().min(1),
  to: recipientsSchema,
  cc: recipientsSchema,
  bcc: recipientsSchema,
  subject: z.string().max(2_000),
  /** Which of the account's identities it is from (identitiesOf); the account's own address by default. */
  identityId: z.string().min(1).max(64).default(PRIMARY_IDENTITY_ID),
  /** What the user typed. Plain text always; with `formatted`, also the source of the HTML part. */
  text: z.string().max(5_000_000),
  /** `formatted`: *bold*, _italic_, links and "> " quotes also go out as a generated HTML part. */
  format: z.enum(['plain', 'formatted']).default('plain'),
  attachments: z.array(draftAttachmentSchema).max(100).default([]),
  /** The Message-ID of the message answered (RFC 5322 §3.6.4), with angle brackets. */
  inReplyTo: z.string().max(1_000).nullable().default(null),
  references: z.array(z.string().max(1_000)).max(200).default([]),
  /** The stored message this draft answers or forwards: flagged \Answered / $Forwarded after sending. */
  origin: z
    .object({ kind: z.enum(['reply', 'forward']), messageId: z.string() })
    .nullable()
    .default(null),
  updatedAt: z.number(),
});
export type Draft = z.infer<typeof draftSchema>;
export type DraftInput = z.input<typeof draftSchema>;

/** Where the latest autosave of a draft is. */
export const draftSavedSchema = z.object({
  draftId: draftIdSchema,
  savedAt: z.number(),
  /**
   * `here`: saved on this computer (always first, so closing the window loses nothing);
   * `server`: also in the account's Drafts folder (IMAP); `local-folder`: in the local Drafts
   * folder (POP3). `error` carries why the server copy could not be written (it is retried).
   */
  where: z.enum(['here', 'server', 'local-folder']),
  error: appErrorSchema.nullable(),
});
export type DraftSaved = z.infer<typeof draftSavedSchema>;

export const outboxStateSchema = z.enum([
  /** Waiting for its (next) attempt. */
  'queued',
  /** An SMTP session for it is running now. */
  'sending',
  /** The server answered 250 to the message; it will never be sent again. */
  'sent',
  /** The server refused it, or a setting needs fixing; nothing is retried until the user acts. */
  'failed',
  /** The connection ended after the whole message went out but before the server's answer. */
  'uncertain',
]);
export type OutboxState = z.infer<typeof outboxStateSchema>;

export const outboxEntrySchema = z.object({
  id: z.string(),
  accountId: z.string(),
  draftId: draftIdSchema,
  messageId: z.string(),
  subject: z.string(),
  to: z.array(z.string()),
  size: z.number().int(),
  state: outboxStateSchema,
  attempts: z.number().int(),
  createdAt: z.number(),
  nextAttemptAt: z.number().nullable(),
  sentAt: z.number().nullable(),
  /** Why the last attempt did not send it, in plain words (null when none failed). */
  lastError: appErrorSchema.nullable(),
  /** The copy in Sent: pending until written, skipped when the server files it itself. */
  sentCopy: z.enum(['pending', 'done', 'skipped', 'failed']),
});
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;

const empty = z.object({}).strict();

export const composeCommands = {
  /** A new draft: empty, or a reply / forward of a stored message. Saved here at once. */
  'compose:start': {
    input: z
      .object({
        accountId: z.string().min(1),
        mode: composeModeSchema,
        /** The stored message answered or forwarded; required unless mode is `new`. */
        messageId: z.string().optional(),
      })
      .strict(),
    output: draftSchema,
  },
  /** Autosave: here first (durable), then the Drafts folder. */
  'compose:save': { input: z.object({ draft: draftSchema }).strict(), output: draftSavedSchema },
  'compose:addAttachment': {
    input: z
      .object({
        draftId: draftIdSchema,
        filename: z.string().min(1).max(255),
        contentType: z.string().max(200).default('application/octet-stream'),
        bytes: bytesSchema,
      })
      .strict(),
    output: draftAttachmentSchema,
  },
  'compose:removeAttachment': {
    input: z.object({ draftId: draftIdSchema, attachmentId: z.string() }).strict(),
    output: z.object({ removed: z.boolean() }),
  },
  /** Drafts saved on this computer (open composers survive a restart through this list). */
  'compose:listDrafts': { input: empty, output: z.array(draftSchema) },
  'compose:open': { input: z.object({ draftId: draftIdSchema }).strict(), output: draftSchema },
  'compose:discard': { input: z.object({ draftId: draftIdSchema }).strict(), output: z.object({ discarded: z.literal(true) }) },
  /**
   * Saves the draft, puts it in the Outbox (durably) and makes the first attempt. Answers with the
   * entry after that attempt: `sent`, `queued` (will retry, `lastError` says why), `failed` (the
   * draft is kept for the user to fix) or `uncertain`.
   */
  'compose:send': { input: z.object({ draft: draftSchema }).strict(), output: outboxEntrySchema },
  /**
   * What the account's SMTP server accepts, for the composer's size line: its SIZE limit
   * (RFC 1870) from the last send, or from one EHLO when none was seen yet. `checkedAt` null:
   * not known (no SMTP server set up, or it could not be reached just now).
   */
  'compose:limits': {
    input: z.object({ accountId: z.string().min(1) }).strict(),
    output: z.object({ sizeLimit: z.number().int().positive().nullable(), checkedAt: z.number().nullable() }),
  },
  /**
   * A draft from a stored message in a Drafts folder (saved by another client, or earlier here):
   * its recipients, subject, text and attachments. Its first save replaces that copy, so there is
   * never a second one. A message that is not in Drafts opens as a new draft and stays as it is.
   */
  'compose:fromMessage': { input: z.object({ messageId: z.string().min(1).max(2_000) }).strict(), output: draftSchema },
  'outbox:list': { input: empty, output: z.array(outboxEntrySchema) },
  /** Try again now. For `uncertain`, only with `confirmResend` (the recipients may get it twice). */
  'outbox:retry': {
    input: z.object({ outboxId: z.string(), confirmResend: z.boolean().default(false) }).strict(),
    output: outboxEntrySchema,
  },
  /** Takes a queued, failed or uncertain message out of the Outbox; its draft stays for editing. */
  'outbox:cancel': { input: z.object({ outboxId: z.string() }).strict(), output: z.object({ draftId: draftIdSchema }) },
  /** The user checked: the uncertain message did arrive. Never resent; the Sent copy is written. */
  'outbox:markSent': { input: z.object({ outboxId: z.string() }).strict(), output: outboxEntrySchema },
} as const;

export const composeEvents = {
  'outbox:changed': z.object({ entries: z.array(outboxEntrySchema) }),
} as const;
