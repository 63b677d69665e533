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

/**
 * The shape nearly every provider publishes: IMAP on 993 and POP3 on 995 with TLS from the start,
 * SMTP on 465 (TLS) and/or 587 (STARTTLS), the same user name forms and sign-in methods for all.
 * A missing host name means the provider does not offer that service.
 */
const usual = (
  hosts: { imap?: string; pop3?: string; smtp465?: string; smtp587?: string },
  authentication: AuthMethod[] = pw,
  usernames: string[] = addr,
): BuiltinServer[] => {
  const server = (protocol: DiscoveryProtocol, host: string | undefined, port: number, security: Security): BuiltinServer[] =>
    host ? [{ protocol, host, port, security, usernames, authentication }] : [];
  return [
    ...server('imap', hosts.imap, 993, 'tls'),
    ...server('pop3', hosts.pop3, 995, 'tls'),
    ...server('smtp', hosts.smtp465, 465, 'tls'),
    ...server('smtp', hosts.smtp587, 587, 'starttls'),
  ];
};

const plain = { needsAppPassword: false, oauthOnly: false } as const;

export const builtinProviders: readonly BuiltinProvider[] = [
  {
    id: 'googlemail.com',
    name: 'Gmail',
    domains: ['gmail.com', 'googlemail.com'],
    servers: usual({ imap: 'imap.gmail.com', pop3: 'pop.gmail.com', smtp465: 'smtp.gmail.com', smtp587: 'smtp.gmail.com' }, oauthAndPw),
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
    servers: usual({ imap: 'outlook.office365.com', pop3: 'outlook.office365.com', smtp587: 'smtp-mail.outlook.com' }, ['oauth2']),
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
    servers: usual({ imap: 'imap.mail.yahoo.com', pop3: 'pop.mail.yahoo.com', smtp465: 'smtp.mail.yahoo.com' }, oauthAndPw),
    needsAppPassword: true,
    oauthOnly: false,
    appPasswordUrl: 'https://login.yahoo.com/account/security',
  },
  {
    id: 'icloud.com',
    name: 'iCloud Mail',
    domains: ['icloud.com', 'me.com', 'mac.com'],
    // Apple publishes no POP3 service. Its IMAP user name is "usually the name part of your
    // iCloud Mail address"; sending takes the whole address.
    servers: [
      ...usual({ imap: 'imap.mail.me.com' }, pw, ['%EMAILLOCALPART%', '%EMAILADDRESS%']),
      ...usual({ smtp587: 'smtp.mail.me.com' }),
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
    servers: usual({ imap: 'imap.fastmail.com', pop3: 'pop.fastmail.com', smtp465: 'smtp.fastmail.com' }),
    needsAppPassword: true,
    oauthOnly: false,
  },
  {
    id: 'gmx.net',
    name: 'GMX',
    domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'],
    servers: usual({ imap: 'imap.gmx.net', pop3: 'pop.gmx.net', smtp465: 'mail.gmx.net', smtp587: 'mail.gmx.net' }),
    ...plain,
  },
  {
    id: 'gmx.com',
    name: 'GMX',
    domains: ['gmx.com', 'gmx.us', 'gmx.co.uk', 'gmx.fr', 'gmx.es'],
    servers: usual({ imap: 'imap.gmx.com', pop3: 'pop.gmx.com', smtp465: 'mail.gmx.com', smtp587: 'mail.gmx.com' }),
    ...plain,
  },
  {
    id: 'web.de',
    name: 'WEB.DE',
    domains: ['web.de'],
    servers: usual({ imap: 'imap.web.de', pop3: 'pop3.web.de', smtp587: 'smtp.web.de' }, pw, ['%EMAILADDRESS%', '%EMAILLOCALPART%']),
    ...plain,
  },
  {
    id: 'mailbox.org',
    name: 'mailbox.org',
    domains: ['mailbox.org'],
    servers: usual({ imap: 'imap.mailbox.org', pop3: 'pop3.mailbox.org', smtp465: 'smtp.mailbox.org', smtp587: 'smtp.mailbox.org' }),
    ...plain,
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
