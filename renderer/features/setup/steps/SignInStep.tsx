import { useState } from 'react';

import type { AccountSettingsInput, AppError } from '../../../../electron/contract';
import type { ProviderInfo } from '../../../../electron/contract/wizard';
import type { HomingClient } from '../../../api/client';
import { policyLabel } from '../../where-mail-lives/wording';
import { type Advice, adviceFor } from '../advice';
import { CertificateFacts } from '../CertificateFacts';
import { type SignInOutcome, testSignIn } from '../sign-in';
import { portOf, type WizardState } from '../wizard-state';
import { modeCopy, securityLabel } from '../wording';

interface Failure {
  error: AppError;
  advice: Advice;
  host: string;
  sending: boolean;
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
 * The last step: the password, a real sign-in, and every way it can fail told in plain words,
 * each with what can be done about it. Only after the test passes is the account added.
 */
export function SignInStep(props: {
  client: HomingClient;
  state: WizardState;
  settingsFor(username?: string): AccountSettingsInput | null;
  usernames: string[];
  onTrust(fingerprint: string | null): void;
  onAllowCleartext(allowed: boolean): void;
  onChangeServers(): void;
  onBack(): void;
  onAdded(): void;
  /** What the server said about itself on a successful test (e.g. its mailbox size limit). */
  onFacts?(facts: Record<string, string>): void;
}) {
  const { state, client } = props;
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState<null | 'testing' | 'adding'>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const incoming = state.incoming!;
  const mode = state.mode!;
  const port = portOf(mode, incoming);

  const submit = async () => {
    if (!password) return;
    setFailure(null);
    setBusy('testing');
    try {
      const outcome: SignInOutcome = await testSignIn(client, (u) => props.settingsFor(u)!, props.usernames, password);
      const fail = (error: AppError, sending: boolean, host: string, usernames: string[]) =>
        setFailure({
          error,
          sending,
          host,
          advice: adviceFor(error, {
            host,
            port: sending ? portOf('smtp', state.smtp!) : port,
            security: sending ? state.smtp!.security : incoming.security,
            usernames,
            provider: state.discovery?.provider ?? null,
          }),
        });
      if (outcome.kind === 'failed') return fail(outcome.error, false, incoming.host, outcome.tried);
      if (outcome.smtp && !outcome.smtp.ok && outcome.smtp.error)
        return fail(outcome.smtp.error, true, state.smtp!.host, [outcome.settings.smtp?.username ?? '']);
      props.onFacts?.(outcome.incoming.facts);
      setBusy('adding');
      const added = await client.call('accounts:add', { settings: outcome.settings, password });
      if (!added.ok) return fail(added.error, false, incoming.host, [outcome.settings.incoming.username]);
      setPassword('');
      props.onAdded();
    } finally {
      setBusy(null);
    }
  };

  const cert = failure?.error.code === 'untrusted_certificate' && failure.error.detail?.fingerprint256 ? failure.error.detail : undefined;
  const provider = state.discovery?.provider ?? null;
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
        <dd>
          {state.smtp?.host
            ? `${state.smtp.host}, port ${portOf('smtp', state.smtp)} — ${securityLabel(state.smtp.security)}`
            : 'Not set yet'}
        </dd>
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
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          required
          aria-describedby="password-hint"
        />
      </label>
      <p id="password-hint" className="hint">
        Homing keeps your password apart from your mail, readable only by your user account on this computer.
      </p>

      <p role="status" aria-live="polite" className="busy">
        {busy === 'testing' ? `Signing in to ${incoming.host}…` : busy === 'adding' ? 'Signed in. Adding the account…' : ''}
      </p>

      {failure && (
        <div role="alert" className="error-box">
          <p className="error-headline">
            <strong>{failure.advice.headline}</strong>
            {failure.sending && ' (sending server)'}
          </p>
          {failure.advice.sentences.map((s) => (
            <p key={s}>{s}</p>
          ))}
          {failure.advice.link && (
            <p>
              <a href={failure.advice.link.href} target="_blank" rel="noreferrer noopener">
                {failure.advice.link.label}
              </a>
            </p>
          )}
          {cert && <CertificateFacts detail={cert} />}
          {failure.advice.actions.includes('trust-certificate') && cert?.fingerprint256 && (
            <label className="inline">
              <input
                type="checkbox"
                checked={state.trustedFingerprint === cert.fingerprint256}
                onChange={(e) => props.onTrust(e.target.checked ? cert.fingerprint256! : null)}
              />
              Trust this one certificate for this account only
            </label>
          )}
          {failure.advice.actions.includes('allow-cleartext') && (
            <label className="inline">
              <input type="checkbox" checked={state.allowCleartext} onChange={(e) => props.onAllowCleartext(e.target.checked)} />
              Send my password and mail to {failure.host} without encryption anyway
            </label>
          )}
          {(failure.advice.actions.includes('trust-certificate') || failure.advice.actions.includes('allow-cleartext')) && (
            <button type="submit" disabled={busy !== null || !password}>
              Try again
            </button>
          )}
          {failure.advice.actions.includes('change-servers') && (
            <button type="button" onClick={props.onChangeServers}>
              Change server settings
            </button>
          )}
          <details>
            <summary>What the server said</summary>
            <p className="muted">{failure.error.message}</p>
          </details>
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
