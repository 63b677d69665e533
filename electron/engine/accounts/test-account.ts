import type { AccountMode, AccountSettings, AppError, ConnectionTest } from '../../contract';
import { HomingError } from '../../contract';
import { testSmtp } from '../smtp/test-smtp';
import { defaultTimeouts, type DiscoveryOptions } from './autoconfig/discovery-config';
import { classifyLoginRefusal, refusalDetail, refusalMessage } from './login-refusal';

/** How long one sign-in test may wait for a server, and (tests only) an extra CA to trust. */
export interface TestLimits {
  /** Connecting plus the server's greeting; a silent server is reported after this. */
  timeoutMs: number;
  /** Tests only: a CA certificate (PEM, may hold several) trusted in addition to the system's. */
  extraCa?: string;
}

/** Real networks: long enough for a slow mobile link, short enough that the wizard never seems stuck. */
export const defaultTestLimits: TestLimits = { timeoutMs: defaultTimeouts.signInMs };

/** Logs in once and reports what the server said; never keeps the connection. */
export type ConnectionTester = (settings: AccountSettings, password: string, limits?: TestLimits) => Promise<ConnectionTest>;

export type SmtpTester = (settings: NonNullable<AccountSettings['smtp']>, password: string, limits: TestLimits) => Promise<ConnectionTest>;

const smtpTester: SmtpTester = (settings, password, limits) =>
  testSmtp(settings, password, {
    connectTimeoutMs: limits.timeoutMs,
    greetingTimeoutMs: limits.timeoutMs,
    socketTimeoutMs: limits.timeoutMs,
    ...(limits.extraCa ? { tlsCa: limits.extraCa } : {}),
  });

/**
 * The POP3 client reads a status line byte for byte (latin1); servers send UTF-8 there (RFC 6856,
 * and Dovecot passes a configured reason through as UTF-8). Re-read it as UTF-8 when it is valid
 * UTF-8, so "Ungültig" is not shown as "UngÃ¼ltig"; anything else stays as it was.
 */
export function asUtf8(text: string): string {
  if (!/[\u0080-\u00ff]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return text;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'latin1'));
  } catch {
    return text;
  }
}

const seconds = (ms: number): string => String(Math.max(1, Math.round(ms / 1000)));

/**
 * The plain facts of one failed test, made uniform across IMAP, POP3 and SMTP: a sign-in refusal
 * says whether the server asked for an app password (quoting it), a timeout says how long Homing
 * waited, and the password never appears in anything that goes back (a server may echo it).
 */
export function explainFailure(error: AppError, ctx: { host: string; sending: boolean; password: string; timeoutMs: number }): AppError {
  let out = error;
  if (error.code === 'auth_failed' && !error.detail?.reason) {
    // SMTP keeps the server's reply in detail.reply, POP3 in its message ("login failed: <text>").
    const text = error.detail?.reply ?? asUtf8(error.message.replace(/^login failed: /, ''));
    const refusal = classifyLoginRefusal({ protocol: ctx.sending ? 'smtp' : 'pop3', text, secrets: [ctx.password] });
    out = { code: 'auth_failed', message: refusalMessage(ctx.host, refusal, ctx.sending), detail: refusalDetail(refusal) };
  } else if (error.code === 'timeout') {
    const s = seconds(ctx.timeoutMs);
    out = {
      code: 'timeout',
      message: `${ctx.host} did not answer within ${s} seconds${ctx.sending ? ' (sending server)' : ''}.`,
      detail: { ...error.detail, seconds: s },
    };
  }
  const scrub = (text: string) => (ctx.password ? text.split(ctx.password).join('***') : text);
  return {
    code: out.code,
    message: scrub(out.message),
    ...(out.detail ? { detail: Object.fromEntries(Object.entries(out.detail).map(([k, v]) => [k, scrub(v)])) } : {}),
  };
}

/** Races a test against its limit (plus a grace for TLS and sign-in), so no test waits forever. */
const timeBoxed = async (run: Promise<ConnectionTest>, host: string, limitMs: number): Promise<ConnectionTest> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ConnectionTest>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: { code: 'timeout', message: `${host} did not answer in time.` }, facts: {} }),
      limitMs * 2 + 5_000,
    );
  });
  try {
    return await Promise.race([run, late]);
  } finally {
    clearTimeout(timer);
  }
};

const finish = (test: ConnectionTest, ctx: Parameters<typeof explainFailure>[1]): ConnectionTest =>
  test.ok || !test.error ? test : { ...test, error: explainFailure(test.error, ctx) };

/**
 * Tests the incoming server and, when the settings have one, the outgoing server too (Thunderbird
 * tests only incoming; a wrong SMTP password would otherwise surface at the first send). Both run
 * at once and each result stands on its own, so the wizard can show both.
 */
export const testAccount = async (
  settings: AccountSettings,
  password: string,
  testers: Partial<Record<AccountMode, ConnectionTester>>,
  limits: TestLimits = defaultTestLimits,
  testSending: SmtpTester = smtpTester,
): Promise<{ incoming: ConnectionTest; smtp?: ConnectionTest }> => {
  const tester = testers[settings.mode];
  if (!tester)
    throw new HomingError('not_implemented', `Testing ${settings.mode.toUpperCase()} settings is not available in this build yet.`);
  const base = { password, timeoutMs: limits.timeoutMs };
  const [incoming, smtp] = await Promise.all([
    timeBoxed(tester(settings, password, limits), settings.incoming.host, limits.timeoutMs).then((t) =>
      finish(t, { ...base, host: settings.incoming.host, sending: false }),
    ),
    settings.smtp
      ? timeBoxed(testSending(settings.smtp, password, limits), settings.smtp.host, limits.timeoutMs).then((t) =>
          finish(t, { ...base, host: settings.smtp!.host, sending: true }),
        )
      : undefined,
  ]);
  return smtp ? { incoming, smtp } : { incoming };
};

/** The sign-in limits an engine uses: the defaults, or what the wizard's configuration (tests) says. */
export const signInLimits = (discovery: DiscoveryOptions | undefined): TestLimits => ({
  timeoutMs: discovery?.timeouts?.signInMs ?? defaultTestLimits.timeoutMs,
  ...(discovery?.extraCa ? { extraCa: discovery.extraCa } : {}),
});
