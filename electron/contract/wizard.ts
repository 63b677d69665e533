import { z } from 'zod';

import { accountSettingsSchema, passwordSchema, securitySchema } from './accounts';
import { appErrorSchema } from './result';

/**
 * The account setup wizard's part of the contract: finding a provider's servers from an email
 * address (`accounts:discover`), stopping that search (`accounts:discoverStop`), and checking one
 * server without a password while the user types it in by hand (`accounts:probe`).
 * Merged into `commands` and `events` (commands.ts / events.ts) so both sides are typed from here.
 */

export const discoveryProtocolSchema = z.enum(['imap', 'pop3', 'smtp']);
export type DiscoveryProtocol = z.infer<typeof discoveryProtocolSchema>;

/**
 * Where a setting came from, in the order the wizard trusts them (issue 5 §1):
 * - `builtin`: Homing's own table of the largest providers (works offline)
 * - `ispdb`: Thunderbird's provider database
 * - `provider`: the domain's own autoconfig file (autoconfig.<domain> or /.well-known/)
 * - `mx`: the provider that runs the domain's MX servers, looked up in the ISPDB and at its URLs
 * - `srv`: RFC 6186 DNS SRV records
 * - `guess`: common host names, each confirmed by a real protocol greeting
 */
export const discoverySourceSchema = z.enum(['builtin', 'ispdb', 'provider', 'mx', 'srv', 'guess']);
export type DiscoverySource = z.infer<typeof discoverySourceSchema>;

/** clientConfig `authentication` values we understand; anything else is `other`. */
export const authMethodSchema = z.enum(['password-cleartext', 'password-encrypted', 'oauth2', 'client-ip-address', 'none', 'other']);
export type AuthMethod = z.infer<typeof authMethodSchema>;

const hostSchema = z.string().min(1).max(253);

export const discoveredServerSchema = z.object({
  protocol: discoveryProtocolSchema,
  host: hostSchema,
  port: z.number().int().min(1).max(65535),
  security: securitySchema,
  /** User name forms to try, best first (e.g. the full address, then the local part). */
  usernames: z.array(z.string().min(1).max(320)).min(1),
  authentication: z.array(authMethodSchema),
  /**
   * False when anyone on the network path could have supplied it: found over plain HTTP, by
   * guessing, or through DNS pointing outside the address's own domain. The user confirms these.
   */
  verified: z.boolean(),
  /** The best source that reported this server, and every source that did. */
  source: discoverySourceSchema,
  foundBy: z.array(discoverySourceSchema).min(1),
  /** Where exactly it was found (a URL or a DNS name); shown to the user as the evidence. */
  evidence: z.string().max(2048),
});
export type DiscoveredServer = z.infer<typeof discoveredServerSchema>;

export const providerInfoSchema = z.object({
  /** The clientConfig `emailProvider id`, usually the main domain. */
  id: z.string().max(253),
  name: z.string().max(200),
  /** The provider says a normal password will not do: an app password (or its OAuth sign-in) is needed. */
  needsAppPassword: z.boolean(),
  /** Only OAuth sign-in is offered; Homing cannot sign in with a password at all. */
  oauthOnly: z.boolean(),
  /** A page where app passwords are made, when the provider publishes one. */
  appPasswordUrl: z.string().url().optional(),
  /** The provider wants IMAP/POP turned on in its web settings first (clientConfig `enable`). */
  enableUrl: z.string().url().optional(),
  documentationUrl: z.string().url().optional(),
});
export type ProviderInfo = z.infer<typeof providerInfoSchema>;

export const sourceStateSchema = z.enum([
  'waiting',
  'searching',
  'found',
  'nothing',
  /** The source answered with something that is not a readable clientConfig. */
  'unreadable',
  'failed',
  'timeout',
  /** Not needed: a more trusted source already answered. */
  'skipped',
  /** The user stopped the search. */
  'stopped',
]);
export type SourceState = z.infer<typeof sourceStateSchema>;

export const sourceReportSchema = z.object({
  source: discoverySourceSchema,
  state: sourceStateSchema,
  /** What the source is looking at right now or looked at: a domain, a host name. Never a URL with the address in it. */
  subject: z.string().max(300).optional(),
});
export type SourceReport = z.infer<typeof sourceReportSchema>;

export const discoveryResultSchema = z.object({
  email: z.string(),
  domain: z.string(),
  provider: providerInfoSchema.nullable(),
  /** Best first. Empty when nothing was found for that protocol. */
  imap: z.array(discoveredServerSchema),
  pop3: z.array(discoveredServerSchema),
  smtp: z.array(discoveredServerSchema),
  sources: z.array(sourceReportSchema),
  stopped: z.boolean(),
  /** Which account modes this build can add (a mode without an engine cannot be chosen yet). */
  available: z.object({ imap: z.boolean(), pop3: z.boolean() }),
});
export type DiscoveryResult = z.infer<typeof discoveryResultSchema>;

export const discoveryIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/);

const emailSchema = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^@\s]+@[^@\s]+$/, 'Not an email address');

export const certificateFactsSchema = z.object({
  trusted: z.boolean(),
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  fingerprint256: z.string(),
  /** OpenSSL's reason when not trusted, e.g. DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED. */
  reason: z.string().optional(),
});
export type CertificateFacts = z.infer<typeof certificateFactsSchema>;

/** What a password-less look at one server found (the manual form's live check, and guessing). */
export const probeResultSchema = z.object({
  /** The server greeted us in the protocol we asked for. */
  speaks: z.boolean(),
  /** What protects the connection as probed: implicit TLS, STARTTLS done, or nothing. */
  encryption: securitySchema.nullable(),
  /** On a plain connection: does the server offer STARTTLS / STLS? */
  starttlsOffered: z.boolean(),
  certificate: certificateFactsSchema.nullable(),
  /** SASL mechanisms (IMAP AUTH=, POP3 SASL, SMTP AUTH), upper-case. */
  authMechanisms: z.array(z.string().max(64)).max(64),
  /** The server refuses password login on this connection (IMAP LOGINDISABLED, no POP3 USER). */
  loginDisabled: z.boolean(),
  error: appErrorSchema.nullable(),
});
export type ProbeResult = z.infer<typeof probeResultSchema>;

/**
 * The same shape as `accounts:test`'s answer (commands.ts `connectionTestSchema`), declared here
 * rather than imported so commands.ts can import this file without an import cycle.
 */
const connectionCheckSchema = z.object({
  ok: z.boolean(),
  error: appErrorSchema.optional(),
  facts: z.record(z.string(), z.string()).default({}),
});

export const discoveryProgressSchema = sourceReportSchema.extend({ discoveryId: discoveryIdSchema });
export type DiscoveryProgress = z.infer<typeof discoveryProgressSchema>;

export const wizardCommands = {
  'accounts:discover': {
    input: z.object({ discoveryId: discoveryIdSchema, email: emailSchema }).strict(),
    output: discoveryResultSchema,
  },
  'accounts:discoverStop': {
    input: z.object({ discoveryId: discoveryIdSchema }).strict(),
    output: z.object({ stopped: z.boolean() }),
  },
  'accounts:probe': {
    input: z
      .object({
        protocol: discoveryProtocolSchema,
        host: z
          .string()
          .trim()
          .min(1)
          .max(253)
          .regex(/^[A-Za-z0-9.\-:[\]]+$/),
        port: z.number().int().min(1).max(65535),
        security: securitySchema,
      })
      .strict(),
    output: probeResultSchema,
  },
  /**
   * Tests changed settings of an existing account. Without `password` the saved one is used, but
   * only for the same server and user name with no weaker protection: a changed server must be
   * given the password again, so no settings change can send the saved password somewhere new.
   */
  'accounts:retest': {
    input: z.object({ accountId: z.string().min(1), settings: accountSettingsSchema, password: passwordSchema.optional() }).strict(),
    output: z.object({ incoming: connectionCheckSchema, smtp: connectionCheckSchema.optional() }),
  },
} as const;

export const wizardEvents = {
  /** One source of an `accounts:discover` run changed state; sent only to the client that asked. */
  'accounts:discoverProgress': discoveryProgressSchema,
} as const;

export type WizardCommands = typeof wizardCommands;
export type WizardCommandName = keyof WizardCommands;
export type WizardCommandInput<N extends WizardCommandName> = z.input<WizardCommands[N]['input']>;
export type WizardCommandOutput<N extends WizardCommandName> = z.output<WizardCommands[N]['output']>;
