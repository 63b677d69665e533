import { useEffect, useRef, useState } from 'react';

import type { AccountSettingsInput, AppError } from '../../../../electron/contract';
import type { ProviderInfo } from '../../../../electron/contract/wizard';
import type { HomingClient } from '../../../api/client';
import { policyLabel } from '../../where-mail-lives/wording';
import { type Advice, adviceFor } from '../advice';
import { trustLabel } from '../certificate-dates';
import { CertificateFacts } from '../CertificateFacts';
import { type SignInOutcome, testSignIn } from '../sign-in';
import { portOf, type ServerRole, type WizardState } from '../wizard-state';
import { modeCopy, securityLabel, serverRole } from '../wording';

/** One server's part of a test: signed in, or what went wrong and what to do. */
type ServerResult = { kind: 'ok'; host: string } | { kind: 'failed'; error: AppError; advice: Advice; host: string };

interface Results {
  incoming: ServerResult;
  smtp: ServerResult | null;
}

const providerNotes = (provider: ProviderInfo | null, mode: 'imap' | 'pop3') => {
  if (!provider) return null;
  return (
    <>
      {provider.oauthOnly && (
        <p className="notice warning-box">
          {provider.name} only lets programs sign in through its own web page (OAuth). Homing cannot do that yet, so signing in with a
          password will fail.
        </p>
      )}
      {provider.needsAppPassword && (
        <p className="hint">
          {provider.name} needs an <strong>app password</strong> here, not your normal password.{' '}
          {provider.appPasswordUrl && (
            <a href={provider.appPasswordUrl} target="_blank" rel="noreferrer noopener">
              Make an app password
            </a>
          )}
        </p>
      )}
      {provider.enableUrl && (
        <p className="hint">
          {provider.name} may ask you to switch on {mode === 'imap' ? 'IMAP' : 'POP'} access in its web settings first.{' '}
          <a href={provider.enableUrl} target="_blank" rel="noreferrer noopener">
            Open those settings
          </a>
        </p>
      )}
    </>
  );
};

/**
 * The last step: the password, a real sign-in to the receiving AND the sending server, and every
 * way each can fail told in plain words with what can be done about it, each server on its own
 * (a wrong sending password must not read like a wrong receiving one). Only after both pass is
 * the account added.
 */
export function SignInStep(props: {
  client: HomingClient;
  state: WizardState;
  /** Kept by the wizard (typed here or on the first page); never in the wizard's state. */
  password: string;
  onPassword(password: string): void;
  settingsFor(username?: string): AccountSettingsInput | null;
  usernames: string[];
  onTrust(role: ServerRole, fingerprint: string | null): void;
  onAllowCleartext(role: ServerRole, allowed: boolean): void;
  onChangeServers(): void;
  onBack(): void;
  onAdded(): void;
  /** What the server said about itself on a successful test (e.g. its mailbox size limit). */
  onFacts?(facts: Record<string, string>): void;
}) {
  const { state, client, password } = props;
  const [busy, setBusy] = useState<null | 'testing' | 'adding'>(null);
  const [results, setResults] = useState<Results | null>(null);
  const resultsRef = useRef<HTMLDivElement>(null);
  // The results sit below the password: move there (and read them out) so nobody misses them.
  useEffect(() => {
    const first = resultsRef.current?.querySelector<HTMLElement>('[role="alert"]');
    first?.focus();
    first?.scrollIntoView({ block: 'nearest' });
  }, [results]);
  const incoming = state.incoming!;
  const mode = state.mode!;
  const port = portOf(mode, incoming);
  const smtp = state.smtp?.host ? state.smtp : null;
  const provider = state.discovery?.provider ?? null;

  const failed = (role: ServerRole, error: AppError, usernames: string[]): ServerResult => {
    const draft = role === 'smtp' ? smtp! : incoming;
    return {
      kind: 'failed',
      error,
      host: draft.host,
      advice: adviceFor(error, {
        host: draft.host,
        port: portOf(role === 'smtp' ? 'smtp' : mode, draft),
        security: draft.security,
        usernames,
        provider,
        sending: role === 'smtp',
      }),
    };
  };

  const submit = async () => {
    if (!password) return;
    setResults(null);
    setBusy('testing');
    try {
      const outcome: SignInOutcome = await testSignIn(client, (u) => props.settingsFor(u)!, props.usernames, password);
      const smtpUser = outcome.settings.smtp?.username ?? '';
      const next: Results = {
        incoming: outcome.kind === 'ok' ? { kind: 'ok', host: incoming.host } : failed('incoming', outcome.error, outcome.tried),
        smtp: !outcome.smtp
          ? null
          : outcome.smtp.ok
            ? { kind: 'ok', host: smtp?.host ?? '' }
            : failed('smtp', outcome.smtp.error ?? { code: 'internal', message: 'The test failed without saying why.' }, [smtpUser]),
      };
      if (next.incoming.kind === 'failed' || next.smtp?.kind === 'failed' || outcome.kind !== 'ok') return setResults(next);
      props.onFacts?.(outcome.incoming.facts);
      setBusy('adding');
      const added = await client.call('accounts:add', { settings: outcome.settings, password });
      if (!added.ok) return setResults({ ...next, incoming: failed('incoming', added.error, [outcome.settings.incoming.username]) });
      props.onPassword('');
      props.onAdded();
    } finally {
      setBusy(null);
    }
  };

  const anyRetry =
    results !== null &&
    [results.incoming, results.smtp].some(
      (r) => r?.kind === 'failed' && (r.advice.actions.includes('trust-certificate') || r.advice.actions.includes('allow-cleartext')),
    );
  return (
    <form
      className="step"
      aria-labelledby="step-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="step-title" tabIndex={-1}>
        Sign in
      </h2>
      <dl className="summary" aria-label="Summary">
        <dt>Address</dt>
        <dd>{state.email}</dd>
        <dt>Where your mail lives</dt>
        <dd>
          {modeCopy[mode].title}
          {mode === 'pop3' && ` — ${policyLabel(state.policy)}`}
        </dd>
        <dt>Receiving server</dt>
        <dd>
          {incoming.host}, port {port} — {securityLabel(incoming.security)}
        </dd>
        <dt>Sending server</dt>
        <dd>{smtp ? `${smtp.host}, port ${portOf('smtp', smtp)} — ${securityLabel(smtp.security)}` : 'Not set yet'}</dd>
      </dl>
      <p>
        <button type="button" className="link" onClick={props.onChangeServers}>
          Change server settings
        </button>
      </p>
      {providerNotes(provider, mode)}
      <label>
        Password
        <input
          type="password"
          value={password}
          onChange={(e) => props.onPassword(e.target.value)}
          autoComplete="current-password"
          required
          aria-describedby="password-hint"
        />
      </label>
      <p id="password-hint" className="hint">
        Homing signs in to {smtp ? 'both servers' : 'the server'} to check, then keeps your password apart from your mail, readable only by
        your user account on this computer.
      </p>

      <p role="status" aria-live="polite" className="busy">
        {busy === 'testing'
          ? `Signing in to ${incoming.host}${smtp && smtp.host !== incoming.host ? ` and ${smtp.host}` : ''}…`
          : busy === 'adding'
            ? 'Signed in. Adding the account…'
            : ''}
      </p>

      {results && (
        <div className="results" ref={resultsRef}>
          {(['incoming', 'smtp'] as const).map((role) => {
            const result = results[role];
            return (
              result && (
                <ServerResultView
                  key={role}
                  role={role}
                  label={serverRole(role === 'smtp' ? 'smtp' : mode)}
                  result={result}
                  trusted={role === 'smtp' ? state.smtpTrustedFingerprint : state.trustedFingerprint}
                  allowCleartext={role === 'smtp' ? state.smtpAllowCleartext : state.allowCleartext}
                  onTrust={props.onTrust}
                  onAllowCleartext={props.onAllowCleartext}
                  onChangeServers={props.onChangeServers}
                />
              )
            );
          })}
          {anyRetry && (
            <button type="submit" disabled={busy !== null || !password}>
              Try again
            </button>
          )}
        </div>
      )}

      <div className="actions">
        <button type="button" onClick={props.onBack}>
          Back
        </button>
        <button type="submit" className="primary" disabled={busy !== null || !password}>
          {busy ? 'Signing in…' : 'Sign in and add account'}
        </button>
      </div>
    </form>
  );
}

function ServerResultView(props: {
  role: ServerRole;
  label: string;
  result: ServerResult;
  trusted: string | null;
  allowCleartext: boolean;
  onTrust(role: ServerRole, fingerprint: string | null): void;
  onAllowCleartext(role: ServerRole, allowed: boolean): void;
  onChangeServers(): void;
}) {
  const { role, label, result } = props;
  if (result.kind === 'ok') {
    return (
      <p className="result-ok">
        <span aria-hidden="true">✓ </span>
        {label}: signed in to {result.host}.
      </p>
    );
  }
  const { advice, error } = result;
  const now = Date.now();
  const cert = error.code === 'untrusted_certificate' && error.detail?.fingerprint256 ? error.detail : undefined;
  const titleId = `result-${role}-title`;
  return (
    <div role="alert" className="error-box" aria-labelledby={titleId} tabIndex={-1}>
      <p className="error-role" id={titleId}>
        {label} — {result.host}
      </p>
      <p className="error-headline">
        <strong>{advice.headline}</strong>
      </p>
      {advice.sentences.map((s) => (
        <p key={s}>{s}</p>
      ))}
      {advice.serverSays && (
        <blockquote className="server-says">
          <p>
            {result.host} said: “{advice.serverSays}”
          </p>
        </blockquote>
      )}
      {advice.link && (
        <p>
          <a href={advice.link.href} target="_blank" rel="noreferrer noopener">
            {advice.link.label}
          </a>
        </p>
      )}
      {cert && <CertificateFacts detail={cert} now={now} />}
      {advice.actions.includes('trust-certificate') && cert?.fingerprint256 && (
        <label className="inline">
          <input
            type="checkbox"
            checked={props.trusted === cert.fingerprint256}
            onChange={(e) => props.onTrust(role, e.target.checked ? cert.fingerprint256! : null)}
          />
          {trustLabel(cert, now)}
        </label>
      )}
      {advice.actions.includes('allow-cleartext') && (
        <label className="inline">
          <input type="checkbox" checked={props.allowCleartext} onChange={(e) => props.onAllowCleartext(role, e.target.checked)} />
          Send my password and mail to {result.host} without encryption anyway — I accept that others on the network could read them
        </label>
      )}
      {advice.actions.includes('change-servers') && (
        <button type="button" onClick={props.onChangeServers}>
          Change server settings
        </button>
      )}
      <details>
        <summary>Technical details</summary>
        <p className="muted">
          {error.code}: {error.message}
        </p>
      </details>
    </div>
  );
}
