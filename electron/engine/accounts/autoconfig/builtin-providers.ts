import type { Security } from '../../../contract';
import type { AuthMethod, DiscoveryProtocol } from '../../../contract/wizard';
import type { ClientConfig, ConfigServer } from './client-config';
import { type EmailParts, substitutePlaceholders } from './email-address';

/**
 * The largest providers' published settings, shipped with Homing so the first run works offline
 * and without asking anyone about the user's domain. Each entry follows the provider's own help
 * pages (and agrees with Thunderbird's ISPDB). Proton Mail is absent on purpose: its Bridge runs on
 * the user's computer with per-install ports, so there is nothing to publish.
 */

interface BuiltinServer {
  protocol: DiscoveryProtocol;
  host: string;
  port: number;
  security: Security;
  /** Templates with %EMAILADDRESS% / %EMAILLOCALPART%, best first. */
  usernames: string[];
  authentication: AuthMethod[];
}

export interface BuiltinProvider {
  id: string;
  name: string;
  domains: string[];
  servers: BuiltinServer[];
  /** The provider refuses the account's normal password over IMAP/POP/SMTP. */
  needsAppPassword: boolean;
  /** Password sign-in is switched off entirely; only OAuth works (Homing has no OAuth yet). */
  oauthOnly: boolean;
  appPasswordUrl?: string;
  enableUrl?: string;
  documentationUrl?: string;
}

const addr = ['%EMAILADDRESS%'];
const pw: AuthMethod[] = ['password-cleartext'];
const oauthAndPw: AuthMethod[] = ['oauth2', 'password-cleartext'];

export const builtinProviders: readonly BuiltinProvider[] = [
  {
    id: 'googlemail.com',
    name: 'Gmail',
    domains: ['gmail.com', 'googlemail.com'],
    servers: [
      { protocol: 'imap', host: 'imap.gmail.com', port: 993, security: 'tls', usernames: addr, authentication: oauthAndPw },
      { protocol: 'pop3', host: 'pop.gmail.com', port: 995, security: 'tls', usernames: addr, authentication: oauthAndPw },
      { protocol: 'smtp', host: 'smtp.gmail.com', port: 465, security: 'tls', usernames: addr, authentication: oauthAndPw },
      { protocol: 'smtp', host: 'smtp.gmail.com', port: 587, security: 'starttls', usernames: addr, authentication: oauthAndPw },
    ],
    needsAppPassword: true,
    oauthOnly: false,
    appPasswordUrl: 'https://myaccount.google.com/apppasswords',
    enableUrl: 'https://mail.google.com/mail/#settings/fwdandpop',
    documentationUrl: 'https://support.google.com/mail/answer/7126229',
  },
  {
    id: 'outlook.com',
    name: 'Outlook.com',
    domains: [
      'outlook.com',
      'hotmail.com',
      'live.com',
      'msn.com',
      'hotmail.co.uk',
      'hotmail.fr',
      'hotmail.de',
      'hotmail.it',
      'live.co.uk',
      'live.fr',
      'live.de',
      'outlook.de',
      'outlook.fr',
    ],
    servers: [
      { protocol: 'imap', host: 'outlook.office365.com', port: 993, security: 'tls', usernames: addr, authentication: ['oauth2'] },
      { protocol: 'pop3', host: 'outlook.office365.com', port: 995, security: 'tls', usernames: addr, authentication: ['oauth2'] },
      { protocol: 'smtp', host: 'smtp-mail.outlook.com', port: 587, security: 'starttls', usernames: addr, authentication: ['oauth2'] },
    ],
    needsAppPassword: false,
    // Microsoft switched password sign-in off for Outlook.com mailboxes in 2024.
    oauthOnly: true,
    documentationUrl:
      'https://support.microsoft.com/office/pop-imap-and-smtp-settings-for-outlook-com-d088b986-291d-42b8-9564-9c414e2aa040',
  },
  {
    id: 'yahoo.com',
    name: 'Yahoo Mail',
    domains: [
      'yahoo.com',
      'ymail.com',
      'rocketmail.com',
      'yahoo.co.uk',
      'yahoo.de',
      'yahoo.fr',
      'yahoo.it',
      'yahoo.es',
      'yahoo.ca',
      'yahoo.com.au',
    ],
    servers: [
      { protocol: 'imap', host: 'imap.mail.yahoo.com', port: 993, security: 'tls', usernames: addr, authentication: oauthAndPw },
      { protocol: 'pop3', host: 'pop.mail.yahoo.com', port: 995, security: 'tls', usernames: addr, authentication: oauthAndPw },
      { protocol: 'smtp', host: 'smtp.mail.yahoo.com', port: 465, security: 'tls', usernames: addr, authentication: oauthAndPw },
    ],
    needsAppPassword: true,
    oauthOnly: false,
    appPasswordUrl: 'https://login.yahoo.com/account/security',
  },
  {
    id: 'icloud.com',
    name: 'iCloud Mail',
    domains: ['icloud.com', 'me.com', 'mac.com'],
    // Apple publishes no POP3 service.
    servers: [
      // Apple: the IMAP user name is "usually the name part of your iCloud Mail address".
      {
        protocol: 'imap',
        host: 'imap.mail.me.com',
        port: 993,
        security: 'tls',
        usernames: ['%EMAILLOCALPART%', '%EMAILADDRESS%'],
        authentication: pw,
      },
      { protocol: 'smtp', host: 'smtp.mail.me.com', port: 587, security: 'starttls', usernames: addr, authentication: pw },
    ],
    needsAppPassword: true,
    oauthOnly: false,
    appPasswordUrl: 'https://account.apple.com',
    documentationUrl: 'https://support.apple.com/102525',
  },
  {
    id: 'fastmail.com',
    name: 'Fastmail',
    domains: ['fastmail.com', 'fastmail.fm'],
    servers: [
      { protocol: 'imap', host: 'imap.fastmail.com', port: 993, security: 'tls', usernames: addr, authentication: pw },
      { protocol: 'pop3', host: 'pop.fastmail.com', port: 995, security: 'tls', usernames: addr, authentication: pw },
      { protocol: 'smtp', host: 'smtp.fastmail.com', port: 465, security: 'tls', usernames: addr, authentication: pw },
    ],
    needsAppPassword: true,
    oauthOnly: false,
  },
  {
    id: 'gmx.net',
    name: 'GMX',
    domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'],
    servers: [
      { protocol: 'imap', host: 'imap.gmx.net', port: 993, security: 'tls', usernames: addr, authentication: pw },
      { protocol: 'pop3', host: 'pop.gmx.net', port: 995, security: 'tls', usernames: addr, authentication: pw },
      { protocol: 'smtp', host: 'mail.gmx.net', port: 465, security: 'tls', usernames: addr, authentication: pw },
      { protocol: 'smtp', host: 'mail.gmx.net', port: 587, security: 'starttls', usernames: addr, authentication: pw },
    ],
    needsAppPassword: false,
    oauthOnly: false,
  },
  {
    id: 'gmx.com',
    name: 'GMX',
    domains: ['gmx.com', 'gmx.us', 'gmx.co.uk', 'gmx.fr', 'gmx.es'],
    servers: [
      { protocol: 'imap', host: 'imap.gmx.com', port: 993, security: 'tls', usernames: addr, authentication: pw },
      { protocol: 'pop3', host: 'pop.gmx.com', port: 995, security: 'tls', usernames: addr, authentication: pw },
      { protocol: 'smtp', host: 'mail.gmx.com', port: 465, security: 'tls', usernames: addr, authentication: pw },
      { protocol: 'smtp', host: 'mail.gmx.com', port: 587, security: 'starttls', usernames: addr, authentication: pw },
    ],
    needsAppPassword: false,
    oauthOnly: false,
  },
  {
    id: 'web.de',
    name: 'WEB.DE',
    domains: ['web.de'],
    servers: [
      {
        protocol: 'imap',
        host: 'imap.web.de',
        port: 993,
        security: 'tls',
        usernames: ['%EMAILADDRESS%', '%EMAILLOCALPART%'],
        authentication: pw,
      },
      {
        protocol: 'pop3',
        host: 'pop3.web.de',
        port: 995,
        security: 'tls',
        usernames: ['%EMAILADDRESS%', '%EMAILLOCALPART%'],
        authentication: pw,
      },
      {
        protocol: 'smtp',
        host: 'smtp.web.de',
        port: 587,
        security: 'starttls',
        usernames: ['%EMAILADDRESS%', '%EMAILLOCALPART%'],
        authentication: pw,
      },
    ],
    needsAppPassword: false,
    oauthOnly: false,
  },
  {
    id: 'mailbox.org',
    name: 'mailbox.org',
    domains: ['mailbox.org'],
    servers: [
      { protocol: 'imap', host: 'imap.mailbox.org', port: 993, security: 'tls', usernames: addr, authentication: pw },
      { protocol: 'pop3', host: 'pop3.mailbox.org', port: 995, security: 'tls', usernames: addr, authentication: pw },
      { protocol: 'smtp', host: 'smtp.mailbox.org', port: 465, security: 'tls', usernames: addr, authentication: pw },
      { protocol: 'smtp', host: 'smtp.mailbox.org', port: 587, security: 'starttls', usernames: addr, authentication: pw },
    ],
    needsAppPassword: false,
    oauthOnly: false,
  },
];

export const findBuiltinProvider = (domain: string, table: readonly BuiltinProvider[] = builtinProviders): BuiltinProvider | undefined =>
  table.find((p) => p.domains.includes(domain.toLowerCase()));

/**
 * A built-in entry in the same shape as a parsed clientConfig. A server with several user name
 * forms becomes one entry per form, in order; merging folds them back into one server.
 */
export function builtinConfig(provider: BuiltinProvider, parts: EmailParts): ClientConfig {
  const servers: ConfigServer[] = provider.servers.flatMap((s) =>
    s.usernames.map((template) => ({
      protocol: s.protocol,
      host: s.host,
      port: s.port,
      security: s.security,
      username: substitutePlaceholders(template, parts),
      authentication: s.authentication,
    })),
  );
  return {
    providerId: provider.id,
    displayName: provider.name,
    domains: provider.domains,
    servers,
    ...(provider.enableUrl ? { enableUrl: provider.enableUrl } : {}),
    ...(provider.documentationUrl ? { documentationUrl: provider.documentationUrl } : {}),
    skipped: [],
  };
}
