import type { AppError, Security } from '../../../electron/contract';
import type { ProviderInfo } from '../../../electron/contract/wizard';
import { errorHeadline } from '../errors/plain-words';

/**
 * What the sign-in step tells the user when a test fails: one headline, a few sentences in plain
 * words, and the actions that can fix it. Pure, so each error path is unit-tested.
 */

export type FixAction = 'trust-certificate' | 'allow-cleartext' | 'change-servers' | 'retype-password';

export interface Advice {
  headline: string;
  sentences: string[];
  actions: FixAction[];
  /** A page where the provider lets the user make an app password. */
  link?: { href: string; label: string };
}

export interface AdviceContext {
  host: string;
  port: number;
  security: Security;
  usernames: string[];
  provider: ProviderInfo | null;
}

/**
 * Servers say when a normal password cannot work: Gmail answers "[AUTH] Application-specific
 * password required" (POP3) or "[ALERT] Application-specific password required" / "[WEBALERT …]
 * Web login required" (IMAP); others mention OAuth or a web browser.
 */
const appPasswordHint =
  /application[- ]specific password|app[- ]password|web ?login required|WEBALERT|log ?in via (your|a) web ?browser|oauth/i;

const expiredReasons = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

const formatDate = (text: string | undefined): string => {
  if (!text) return 'an unknown date';
  const ms = Date.parse(text);
  return Number.isNaN(ms)
    ? text
    : new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(ms));
};

export function adviceFor(error: AppError, ctx: AdviceContext): Advice {
  const where = `${ctx.host} (port ${ctx.port})`;
  const provider = ctx.provider?.name ?? 'Your provider';
  switch (error.code) {
    case 'auth_failed': {
      const tried =
        ctx.usernames.length > 1
          ? ` Homing tried the user names ${ctx.usernames.map((u) => `“${u}”`).join(' and ')}.`
          : ` The user name was “${ctx.usernames[0] ?? ''}”.`;
      if (ctx.provider?.oauthOnly) {
        return {
          headline: `${provider} does not accept passwords from mail programs`,
          sentences: [
            `${provider} only lets programs sign in through its own web page (called OAuth). Homing cannot do that yet, so this account cannot be added for now.`,
          ],
          actions: [],
        };
      }
      if (ctx.provider?.needsAppPassword || appPasswordHint.test(error.message)) {
        return {
          headline: 'This account needs an app password',
          sentences: [
            `${provider} does not let mail programs use your normal password. Create an “app password” in your account’s security settings and type that here instead.`,
            'An app password is a long password made only for one program; you can remove it there at any time.',
          ],
          actions: ['retype-password'],
          ...(ctx.provider?.appPasswordUrl
            ? { link: { href: ctx.provider.appPasswordUrl, label: `Make an app password at ${provider}` } }
            : {}),
        };
      }
      return {
        headline: 'The password was not accepted',
        sentences: [
          `${ctx.host} said no to this user name and password.${tried} Check the password (it is case-sensitive) and the user name.`,
        ],
        actions: ['retype-password', 'change-servers'],
      };
    }
    case 'host_not_found':
      return {
        headline: 'The server name could not be found',
        sentences: [
          `There is no server called “${ctx.host}” that this computer can find. Check the spelling, and that this computer is online.`,
        ],
        actions: ['change-servers'],
      };
    case 'connection_refused':
      return {
        headline: 'The server refused the connection',
        sentences: [
          `${ctx.host} exists but nothing answered on port ${ctx.port}. The port number or the encryption setting is probably wrong.`,
        ],
        actions: ['change-servers'],
      };
    case 'timeout':
      return {
        headline: 'The server did not answer in time',
        sentences: [
          `${where} did not answer. The server may be down, or a firewall may be blocking that port. Try again in a moment, or check the settings.`,
        ],
        actions: ['change-servers'],
      };
    case 'untrusted_certificate': {
      const d = error.detail ?? {};
      const expired = expiredReasons.has(d.reason ?? '');
      const mismatch = d.reason === 'FINGERPRINT_MISMATCH';
      return {
        headline: expired
          ? 'The server’s certificate has expired'
          : mismatch
            ? 'The server’s certificate has changed'
            : 'This computer does not trust the server’s certificate',
        sentences: [
          expired
            ? `The certificate that proves ${ctx.host} is who it says it is was valid until ${formatDate(d.validTo)}.`
            : mismatch
              ? `${ctx.host} now shows a different certificate from the one you trusted for this account. That can be a routine renewal — or someone in between.`
              : `The certificate that ${ctx.host} shows is not signed by an authority this computer knows. Small providers and company servers sometimes use their own.`,
          'Only trust it if your provider confirms the fingerprint below (for example on its help pages or by phone). Homing will then trust this one certificate for this account only.',
        ],
        actions: d.fingerprint256 ? ['trust-certificate', 'change-servers'] : ['change-servers'],
      };
    }
    case 'cleartext_refused':
      return {
        headline: 'This server offers no encryption',
        sentences: [
          `${where} does not encrypt the connection. Your password and your mail would travel readable by anyone on the way — for example on public Wi-Fi, at your internet provider, or on the server’s network.`,
          'Use an encrypted setting if your provider has one. Continue without encryption only if you accept that risk.',
        ],
        actions: ['allow-cleartext', 'change-servers'],
      };
    case 'tls_failed':
      return {
        headline: 'A secure connection could not be set up',
        sentences: [`${where} did not complete encryption. The encryption setting may not match what the server expects on that port.`],
        actions: ['change-servers'],
      };
    case 'not_implemented':
      return { headline: errorHeadline(error.code), sentences: [error.message], actions: ['change-servers'] };
    default:
      return { headline: errorHeadline(error.code), sentences: [error.message], actions: ['change-servers'] };
  }
}
