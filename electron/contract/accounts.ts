import { z } from 'zod';

import { composeSettingsSchema } from './compose';

/** How the connection is protected. `none` only with the user's explicit, recorded consent. */
export const securitySchema = z.enum(['tls', 'starttls', 'none']);
export type Security = z.infer<typeof securitySchema>;

const hostSchema = z
  .string()
  .trim()
  .min(1, 'Server name is required')
  .max(253)
  .regex(/^[A-Za-z0-9.\-:[\]]+$/, 'Server name has characters a host name cannot have');

export const serverSettingsSchema = z.object({
  host: hostSchema,
  port: z.number().int().min(1).max(65535),
  security: securitySchema,
  username: z.string().min(1).max(320),
  /** The user agreed to send the password unencrypted. Never defaulted to true. */
  allowCleartextPassword: z.boolean().default(false),
  /**
   * SHA-256 fingerprint (Node's `fingerprint256` form) of a certificate the user chose to trust
   * for this account only. Validation stays on for every other certificate.
   */
  trustedFingerprint256: z
    .string()
    .regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    .optional(),
});
export type ServerSettings = z.infer<typeof serverSettingsSchema>;

/**
 * What happens to the server's copy after a POP3 download. The consequence of each is worded in
 * renderer/features/where-mail-lives, derived from this value alone.
 */
export const popPolicySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delete-after-download') }),
  z.object({ kind: z.literal('keep-days'), days: z.number().int().min(1).max(3650) }),
  z.object({ kind: z.literal('keep-until-deleted-here') }),
  z.object({ kind: z.literal('keep-forever') }),
]);
export type PopPolicy = z.infer<typeof popPolicySchema>;

/** Thunderbird's wizard preselects 14 days; so do we. */
export const defaultPopPolicy: PopPolicy = { kind: 'keep-days', days: 14 };

export const pop3OptionsSchema = z.object({
  policy: popPolicySchema.default(defaultPopPolicy),
  /** Larger messages are fetched with TOP (headers only); the body comes when opened. null = always whole. */
  headersOnlyAboveKb: z.number().int().min(1).max(1_000_000).nullable().default(null),
  checkIntervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(10),
});
export type Pop3Options = z.infer<typeof pop3OptionsSchema>;

export const imapOfflinePolicySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('headers-only') }),
  z.object({ kind: z.literal('recent-bodies'), days: z.number().int().min(1).max(3650) }),
  z.object({ kind: z.literal('everything') }),
]);

export const imapOptionsSchema = z.object({
  offline: imapOfflinePolicySchema.default({ kind: 'recent-bodies', days: 30 }),
  attachmentCapKb: z.number().int().min(0).max(1_000_000).default(10_240),
  checkIntervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(5),
});
export type ImapOptions = z.infer<typeof imapOptionsSchema>;

export const accountModeSchema = z.enum(['imap', 'pop3']);
export type AccountMode = z.infer<typeof accountModeSchema>;

const emailSchema = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^@\s]+@[^@\s]+$/, 'Not an email address');

/** Everything about an account except its secrets; safe to show to the renderer and to store. */
export const accountSettingsSchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: emailSchema,
  mode: accountModeSchema,
  incoming: serverSettingsSchema,
  smtp: serverSettingsSchema.optional(),
  /** Signature and whether the server files sent mail itself (contract/compose.ts). */
  compose: composeSettingsSchema.optional(),
  pop3: pop3OptionsSchema.optional(),
  imap: imapOptionsSchema.optional(),
});
export type AccountSettings = z.infer<typeof accountSettingsSchema>;
export type AccountSettingsInput = z.input<typeof accountSettingsSchema>;

export const accountSchema = accountSettingsSchema.extend({
  id: z.string().min(1),
  createdAt: z.number(),
});
export type Account = z.infer<typeof accountSchema>;

/** The password crosses renderer → main once, here, and never comes back. */
export const passwordSchema = z.string().min(1).max(4096);
