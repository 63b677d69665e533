/**
 * Why a server refused a sign-in, read from what it said. Providers that no longer take a mail
 * program's normal password say so in the refusal itself — Gmail's IMAP "[ALERT]
 * Application-specific password required", its POP3 "-ERR [AUTH] Application-specific password
 * required", its SMTP "535 5.7.9 Application-specific password required" and "534 5.7.14 Please
 * log in with your web browser", "[WEBALERT <url>] Web login required", Microsoft's "basic
 * authentication is disabled". A user told only "wrong password" would retype the right password
 * forever, so these are told apart and the server's own words are quoted. Pure: table-tested.
 */

export type LoginRefusalKind =
  /** A separate "app password" is needed instead of the normal one. */
  | 'needs_app_password'
  /** The provider wants the user to sign in once on its website (a security check), then try again. */
  | 'needs_web_login'
  /** Password sign-in is switched off for mail programs; only OAuth would work. */
  | 'password_login_disabled'
  /** Nothing beyond "these credentials were not accepted". */
  | 'wrong_credentials';

export interface LoginRefusalInput {
  protocol: 'imap' | 'pop3' | 'smtp';
  /** The human-readable part of the refusal (IMAP resp-text, POP3 text after -ERR, SMTP reply). */
  text: string;
  /** IMAP response code in brackets (ALERT, WEBALERT, AUTHENTICATIONFAILED, …) or POP3's (AUTH, …). */
  responseCode?: string;
  /** Anything that must never be quoted back (the password; a server may echo what it was sent). */
  secrets?: readonly string[];
}

export interface LoginRefusal {
  kind: LoginRefusalKind;
  /** The server's words, made safe to show and log: one line, printable, at most `maxQuoted` characters; '' when it said nothing useful. */
  serverSays: string;
}

export const maxQuoted = 200;

const appPassword = /application[- ]specific password|\bapp[- ]?passwords?\b/i;
const webLogin =
  /web ?login required|(log|sign) ?in (via|with|through|using) (your|a) web ?browser|(log|sign) ?in to your account (via|in) (your|a) (web ?)?browser|verify (it'?s|it is) you/i;
const passwordOff =
  /basic auth(entication)? (is )?(disabled|not (supported|allowed))|oauth2? (is )?required|only oauth|modern authentication/i;

/** Server text is hostile input bound for the UI and the log: control characters out, one line, bounded, secrets blanked. */
export function quoteServer(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('***');
  out = out
    .replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // A bare SMTP reply starts with its codes ("535 5.7.9 "); they mean nothing to a person.
  out = out.replace(/^\d{3}[ -](\d\.\d{1,3}\.\d{1,3}\s+)?/, '');
  return out.length > maxQuoted ? `${out.slice(0, maxQuoted - 1)}…` : out;
}

/** RFC 3463 enhanced status code of an SMTP reply ("535 5.7.9 …" → "5.7.9"). */
const enhancedOf = (text: string): string | null => /^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})\b/.exec(text.trim())?.[1] ?? null;

/** Generic texts that add nothing to "not accepted" (Dovecot's, Postfix's, Microsoft's); not worth quoting. */
const generic =
  /^((error: )?authentication failed(: (\(reason unavailable\)|authentication failure|generic failure))?\.?|\[?authenticationfailed\]?|invalid credentials\.?|login failed\.?|authentication unsuccessful\.?|)$/i;

export function classifyLoginRefusal(input: LoginRefusalInput): LoginRefusal {
  const code = (input.responseCode ?? '').toUpperCase();
  const quoted = quoteServer(input.text, input.secrets);
  const serverSays = generic.test(quoted) ? '' : quoted;
  // Matched on the text with its whitespace made plain: a tab or line break between words is still a space.
  const raw = input.text.replace(/\s+/g, ' ');
  const enhanced = input.protocol === 'smtp' ? enhancedOf(raw) : null;
  if (appPassword.test(raw)) return { kind: 'needs_app_password', serverSays };
  // Gmail: IMAP "[WEBALERT url] Web login required", SMTP "534 5.7.14 <url> Please log in with your web browser".
  if (code === 'WEBALERT' || webLogin.test(raw) || enhanced === '5.7.14') return { kind: 'needs_web_login', serverSays };
  if (passwordOff.test(raw)) return { kind: 'password_login_disabled', serverSays };
  return { kind: 'wrong_credentials', serverSays };
}

/** The first sentence the user reads, naming the server (and quoting it when it said something useful). */
export function refusalMessage(host: string, refusal: LoginRefusal, sending: boolean): string {
  const what = sending ? ' for sending mail' : '';
  const said = refusal.serverSays ? ` It said: “${refusal.serverSays}”` : '';
  switch (refusal.kind) {
    case 'needs_app_password':
      return `${host} does not accept your normal password here${what}; it asks for an app password.${said}`;
    case 'needs_web_login':
      return `${host} wants you to sign in once on its website before a mail program may sign in${what}.${said}`;
    case 'password_login_disabled':
      return `${host} has switched off password sign-in for mail programs${what}.${said}`;
    case 'wrong_credentials':
      return `${host} did not accept the user name or password${what}.${said}`;
  }
}

/** The AppError detail every sign-in refusal carries, so the wizard can tell the cases apart. */
export const refusalDetail = (refusal: LoginRefusal): Record<string, string> => ({
  reason: refusal.kind,
  ...(refusal.serverSays ? { serverSays: refusal.serverSays } : {}),
});
