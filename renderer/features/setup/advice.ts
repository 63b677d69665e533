import type { AppError, Security } from '../../../electron/contract';
import type { ProviderInfo } from '../../../electron/contract/wizard';
import { errorHeadline } from '../errors/plain-words';
import { certificateTime, formatCertificateDate } from './certificate-dates';

/**
 * What the sign-in step tells the user when a test fails: one headline, a few sentences in plain
 * words, and the actions that can fix it. Pure, so each error path is unit-tested. The incoming
 * and the sending server each get their own advice (`sending`), shown side by side.
 */

export type FixAction = 'trust-certificate' | 'allow-cleartext' | 'change-servers' | 'retype-password';

export interface Advice {
  headline: string;
  sentences: string[];
  actions: FixAction[];
  /** A page where the provider lets the user make an app password. */
  link?: { href: string; label: string };
  /** The server's own words about a refused sign-in, quoted (cleaned by the engine). */
  serverSays?: string;
}

export interface AdviceContext {
  host: string;
  port: number;
  security: Security;
  usernames: string[];
  provider: ProviderInfo | null;
  /** The outgoing (SMTP) server's result, not the incoming one's. */
  sending?: boolean;
  /** For "has this certificate expired?"; the caller's clock. */
  now?: number;
}

/**
 * Older engines and other paths put the server's words only in the message: Gmail answers
 * "[AUTH] Application-specific password required" (POP3), "[ALERT] Application-specific password
 * required" / "[WEBALERT …] Web login required" (IMAP); others mention OAuth or a web browser.
 */
const appPasswordHint =
  /application[- ]specific password|app[- ]password|web ?login required|WEBALERT|log ?in via (your|a) web ?browser|oauth/i;

const appPasswordAdvice = (ctx: AdviceContext, provider: string, serverSays: string | undefined): Advice => ({
  headline: 'This account needs an app password',
  sentences: [
    `${provider} does not let mail programs use your normal password. Create an “app password” in your account’s security settings and type that here instead.`,
    'An app password is a long password made only for one program; you can remove it there at any time.',
  ],
  actions: ['retype-password'],
  ...(ctx.provider?.appPasswordUrl ? { link: { href: ctx.provider.appPasswordUrl, label: `Make an app password at ${provider}` } } : {}),
  ...(serverSays ? { serverSays } : {}),
});

function authAdvice(error: AppError, ctx: AdviceContext): Advice {
  const provider = ctx.provider?.name ?? 'Your provider';
  const serverSays = error.detail?.serverSays || undefined;
  const reason = error.detail?.reason;
  const said = serverSays ? { serverSays } : {};
  if (ctx.provider?.oauthOnly || reason === 'password_login_disabled') {
    return {
      headline: `${ctx.provider?.name ?? 'This provider'} does not accept passwords from mail programs`,
      sentences: [
        `${ctx.provider?.name ?? `${ctx.host}`} only lets programs sign in through its own web page (called OAuth). Homing cannot do that yet, so this account cannot be added for now.`,
      ],
      actions: [],
      ...said,
    };
  }
  if (reason === 'needs_web_login') {
    return {
      headline: `${provider} wants you to confirm it is you`,
      sentences: [
        `Before it lets a mail program in, ${ctx.host} wants you to sign in once on ${ctx.provider?.name ?? 'your provider'}’s website in a web browser (a security check). Do that, then try again here.`,
        'If it keeps asking, your provider may want an “app password” for mail programs: create one in your account’s security settings and type that here.',
      ],
      actions: ['retype-password'],
      ...said,
    };
  }
  if (reason === 'needs_app_password' || ctx.provider?.needsAppPassword || appPasswordHint.test(error.message))
    return appPasswordAdvice(ctx, provider, serverSays);
  if (ctx.sending) {
    return {
      headline: 'The sending server did not accept the password',
      sentences: [
        `${ctx.host} said no to the user name “${ctx.usernames[0] ?? ''}” and this password for sending mail, although receiving may work. Some providers use a different user name or password for sending: check the sending server’s settings.`,
      ],
      actions: ['change-servers', 'retype-password'],
      ...said,
    };
  }
  const tried =
    ctx.usernames.length > 1
      ? ` Homing tried the user names ${ctx.usernames.map((u) => `“${u}”`).join(' and ')}.`
      : ` The user name was “${ctx.usernames[0] ?? ''}”.`;
  return {
    headline: 'The password was not accepted',
    sentences: [`${ctx.host} said no to this user name and password.${tried} Check the password (it is case-sensitive) and the user name.`],
    actions: ['retype-password', 'change-servers'],
    ...said,
  };
}

function certificateAdvice(error: AppError, ctx: AdviceContext): Advice {
  const d = error.detail ?? {};
  const time = certificateTime(d, ctx.now ?? Date.now());
  const mismatch = d.reason === 'FINGERPRINT_MISMATCH';
  const headline =
    time === 'expired'
      ? 'The server’s certificate has expired'
      : time === 'not-yet-valid'
        ? 'The server’s certificate is not valid yet'
        : mismatch
          ? 'The server’s certificate has changed'
          : 'This computer does not trust the server’s certificate';
  const first =
    time === 'expired'
      ? `The certificate that proves ${ctx.host} is who it says it is expired on ${formatCertificateDate(d.validTo)}. A provider usually renews it in time; an expired one can mean a neglected server — or someone pretending to be it.`
      : time === 'not-yet-valid'
        ? `The certificate of ${ctx.host} becomes valid only on ${formatCertificateDate(d.validFrom)}. Check that this computer’s date and time are right.`
        : mismatch
          ? `${ctx.host} now shows a different certificate from the one you trusted for this account. That can be a routine renewal — or someone in between.`
          : `The certificate that ${ctx.host} shows is not signed by an authority this computer knows. Small providers and company servers sometimes use their own.`;
  return {
    headline,
    sentences: [
      first,
      'Only trust it if your provider confirms the fingerprint below (for example on its help pages or by phone). Homing will then trust this one certificate for this account only.',
    ],
    actions: d.fingerprint256 ? ['trust-certificate', 'change-servers'] : ['change-servers'],
  };
}

export function adviceFor(error: AppError, ctx: AdviceContext): Advice {
  const where = `${ctx.host} (port ${ctx.port})`;
  const server = ctx.sending ? 'sending server' : 'server';
  switch (error.code) {
    case 'auth_failed':
      return authAdvice(error, ctx);
    case 'host_not_found':
      return {
        headline: ctx.sending ? 'The sending server’s name could not be found' : 'The server name could not be found',
        sentences: [
          `There is no ${server} called “${ctx.host}” that this computer can find. Check the spelling, and that this computer is online.`,
        ],
        actions: ['change-servers'],
      };
    case 'connection_refused':
      return {
        headline: ctx.sending ? 'The sending server refused the connection' : 'The server refused the connection',
        sentences: [
          `${ctx.host} exists but nothing answered on port ${ctx.port}. The port number or the encryption setting is probably wrong.`,
        ],
        actions: ['change-servers'],
      };
    case 'timeout': {
      const within = error.detail?.seconds ? ` within ${error.detail.seconds} seconds` : ' in time';
      return {
        headline: ctx.sending ? 'The sending server did not answer in time' : 'The server did not answer in time',
        sentences: [
          `${where} did not answer${within}. The server may be down or overloaded, the port may belong to something else, or a firewall may be in the way. Try again in a moment, or check the port and encryption.`,
        ],
        actions: ['change-servers'],
      };
    }
    case 'untrusted_certificate':
      return certificateAdvice(error, ctx);
    case 'cleartext_refused':
      return {
        headline: ctx.sending ? 'The sending server offers no encryption' : 'This server offers no encryption',
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
    default:
      return { headline: errorHeadline(error.code), sentences: [error.message], actions: ['change-servers'] };
  }
}
