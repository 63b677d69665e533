import './setup.css';

import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';

import type { Account, AccountSettingsInput, AppError, ImapOptions, PopPolicy, ServerSettings } from '../../../electron/contract';
import { defaultPopPolicy } from '../../../electron/contract/accounts';
import { useServices } from '../../app/app-context';
import { listOnlyHere } from '../../store/queries/list-only-here';
import { identityProblems, toComposeSettings, writingSettingsOf } from '../compose/identities-form';
import { IdentitiesEditor } from '../compose/IdentitiesEditor';
import { accountModeLabel } from '../where-mail-lives/wording';
import { type Advice, adviceFor } from './advice';
import { CertificateFacts } from './CertificateFacts';
import { exportOnlyHere } from './export-only-here';
import { PolicyChoice } from './PolicyChoice';
import { type QuotaFact, quotaFrom, quotaSentence } from './quota';
import { type ExportMbox, RemoveAccount } from './RemoveAccount';
import { ServerFields } from './ServerFields';
import { wizardApi } from './wizard-api';
import type { ServerDraft } from './wizard-state';
import { defaultPorts } from './wording';

type Offline = ImapOptions['offline'];

const draftOf = (s: Account['incoming']): ServerDraft => ({ host: s.host, port: s.port, security: s.security, username: s.username });

const sameServer = (mode: Account['mode'], a: ServerDraft, b: Account['incoming']) =>
  a.host.trim().toLowerCase() === b.host.toLowerCase() &&
  (a.port === '' ? defaultPorts[mode][a.security] : a.port) === b.port &&
  a.security === b.security &&
  a.username.trim() === b.username;

const sameSmtp = (a: ServerDraft, b: NonNullable<Account['smtp']>) =>
  a.host.trim().toLowerCase() === b.host.toLowerCase() &&
  (a.port === '' ? defaultPorts.smtp[a.security] : a.port) === b.port &&
  a.security === b.security;

/**
 * An account's settings (`exportMbox` defaults to the mail feature's mbox export): its servers (each checked live), what happens to the server's copy
 * (POP3) or what is kept for offline reading (IMAP), how often to check, the password. Saving
 * re-tests first; the saved password is reused only for the same server (see accounts:retest).
 */
export function AccountSettingsPanel(props: { account: Account; onClose(): void; onRemoved?: () => void; exportMbox?: ExportMbox }) {
  const { client, db } = useServices();
  const api = useMemo(() => wizardApi(client), [client]);
  const { account } = props;
  const [name, setName] = useState(account.name);
  const [incoming, setIncoming] = useState<ServerDraft>(draftOf(account.incoming));
  const [smtp, setSmtp] = useState<ServerDraft>(
    account.smtp ? draftOf(account.smtp) : { host: '', port: '', security: 'tls', username: '' },
  );
  const [policy, setPolicy] = useState<PopPolicy>(account.pop3?.policy ?? defaultPopPolicy);
  const [intervalText, setIntervalText] = useState(String(account.pop3?.checkIntervalMinutes ?? account.imap?.checkIntervalMinutes ?? 10));
  const interval = Number(intervalText);
  const intervalValid = Number.isInteger(interval) && interval >= 1 && interval <= 1440;
  const [offline, setOffline] = useState<Offline>(account.imap?.offline ?? { kind: 'recent-bodies', days: 30 });
  const [password, setPassword] = useState('');
  // "Writing mail" (identities, signature, Sent copies): the compose feature's section, saved with the rest.
  const [writing, setWriting] = useState(() => writingSettingsOf(account.compose));
  const writingValid = identityProblems(writing.identities).size === 0;
  // Choices made here; a saved pin or cleartext consent applies only while the server is unchanged.
  const [newPin, setNewPin] = useState<string | null>(null);
  const [newCleartext, setNewCleartext] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ error: AppError; advice: Advice } | null>(null);
  const [saved, setSaved] = useState(false);
  const [quota, setQuota] = useState<QuotaFact | null>(null);
  const [removing, setRemoving] = useState(false);
  const onlyHere = useLiveQuery(async () => (await listOnlyHere(db, account.id)).length, [db, account.id]);

  const serverChanged = !sameServer(account.mode, incoming, account.incoming);
  const trusted = newPin ?? (serverChanged ? undefined : account.incoming.trustedFingerprint256);
  const allowCleartext = newCleartext ?? (!serverChanged && account.incoming.allowCleartextPassword);
  const settings = (): AccountSettingsInput => {
    const port = incoming.port === '' ? defaultPorts[account.mode][incoming.security] : incoming.port;
    return {
      name: name.trim() || account.email,
      email: account.email,
      mode: account.mode,
      incoming: {
        host: incoming.host.trim(),
        port,
        security: incoming.security,
        username: incoming.username.trim(),
        allowCleartextPassword: allowCleartext,
        ...(trusted ? { trustedFingerprint256: trusted } : {}),
      },
      ...(smtp.host.trim()
        ? {
            smtp: {
              host: smtp.host.trim(),
              port: smtp.port === '' ? defaultPorts.smtp[smtp.security] : smtp.port,
              security: smtp.security,
              username: smtp.username.trim() || incoming.username.trim(),
              allowCleartextPassword: false,
              // A certificate trusted for the sending server stays trusted while that server is unchanged.
              ...(account.smtp?.trustedFingerprint256 && sameSmtp(smtp, account.smtp)
                ? { trustedFingerprint256: account.smtp.trustedFingerprint256 }
                : {}),
            },
          }
        : {}),
      compose: toComposeSettings(writing),
      ...(account.mode === 'pop3'
        ? { pop3: { policy, headersOnlyAboveKb: account.pop3?.headersOnlyAboveKb ?? null, checkIntervalMinutes: interval } }
        : {}),
      ...(account.mode === 'imap'
        ? { imap: { offline, attachmentCapKb: account.imap?.attachmentCapKb ?? 10_240, checkIntervalMinutes: interval } }
        : {}),
    };
  };

  const save = async () => {
    setBusy(true);
    setFailure(null);
    setSaved(false);
    try {
      const next = settings();
      // Advice names the server that failed: the sending server's own host and port for SMTP.
      const fail = (error: AppError, server: Pick<ServerSettings, 'host' | 'port' | 'security' | 'username'> = next.incoming) =>
        setFailure({
          error,
          advice: adviceFor(error, {
            host: server.host,
            port: server.port,
            security: server.security,
            usernames: [server.username],
            provider: null,
          }),
        });
      const tested = await api.call('accounts:retest', { accountId: account.id, settings: next, ...(password ? { password } : {}) });
      if (!tested.ok) return fail(tested.error);
      if (!tested.value.incoming.ok)
        return fail(tested.value.incoming.error ?? { code: 'internal', message: 'The test failed without saying why.' });
      setQuota(quotaFrom(tested.value.incoming.facts));
      if (tested.value.smtp && !tested.value.smtp.ok && tested.value.smtp.error)
        return fail(tested.value.smtp.error, next.smtp ?? next.incoming);
      const updated = await client.call('accounts:update', { accountId: account.id, settings: next, ...(password ? { password } : {}) });
      if (!updated.ok) return fail(updated.error);
      setPassword('');
      setSaved(true);
    } finally {
      setBusy(false);
    }
  };

  const cert = failure?.error.code === 'untrusted_certificate' ? failure.error.detail : undefined;
  const needsPassword = failure?.error.detail?.needs === 'password';
  return (
    <main className="account-settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings for {account.name}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        className="step"
      >
        <section aria-labelledby="where-title">
          <h3 id="where-title">Where this mail lives</h3>
          <p>{accountModeLabel(account)}.</p>
          <p className="hint">
            To switch between keeping mail on the server and downloading it, add the account again with the other choice.
          </p>
          <label>
            Account name
            <input value={name} onChange={(e) => setName(e.target.value)} />
          </label>
        </section>

        {account.mode === 'pop3' ? (
          <PolicyChoice policy={policy} onChange={setPolicy} legend="After downloading, the server’s copy should be…" />
        ) : (
          <fieldset>
            <legend>Kept on this computer for reading offline</legend>
            <label className="inline">
              <input
                type="radio"
                name="offline"
                checked={offline.kind === 'headers-only'}
                onChange={() => setOffline({ kind: 'headers-only' })}
              />
              Only the list of messages; each message is downloaded when opened
            </label>
            <label className="inline">
              <input
                type="radio"
                name="offline"
                checked={offline.kind === 'recent-bodies'}
                onChange={() => setOffline({ kind: 'recent-bodies', days: 30 })}
              />
              Messages received in the last 30 days
            </label>
            <label className="inline">
              <input
                type="radio"
                name="offline"
                checked={offline.kind === 'everything'}
                onChange={() => setOffline({ kind: 'everything' })}
              />
              Everything (uses the most disk space)
            </label>
          </fieldset>
        )}

        <label>
          Check for new mail every (minutes)
          <input
            type="number"
            min={1}
            max={1440}
            value={intervalText}
            onChange={(e) => setIntervalText(e.target.value)}
            aria-invalid={!intervalValid}
          />
        </label>
        {!intervalValid && <p className="error">Choose a whole number of minutes from 1 to 1440 (one day).</p>}

        <ServerFields
          api={api}
          protocol={account.mode}
          draft={incoming}
          onChange={(patch) => {
            setIncoming((d) => ({ ...d, ...patch }));
            // A certificate trusted or a cleartext consent given here was for the server as it was then.
            if ('host' in patch || 'port' in patch || 'security' in patch) {
              setNewPin(null);
              setNewCleartext(null);
            }
          }}
        />
        <ServerFields
          api={api}
          protocol="smtp"
          draft={smtp}
          legend="Sending mail (SMTP)"
          onChange={(patch) => setSmtp((d) => ({ ...d, ...patch }))}
        />

        <IdentitiesEditor
          account={{ name: name.trim() || account.email, email: account.email, mode: account.mode }}
          value={writing}
          onChange={setWriting}
        />

        <label>
          New password (leave empty to keep the saved one)
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
            aria-invalid={needsPassword}
          />
        </label>
        {serverChanged && !password && (
          <p className="hint">
            You changed the server, so type the password again: Homing only sends the saved password to the server it was saved for.
          </p>
        )}

        <p role="status" aria-live="polite">
          {busy
            ? 'Testing the settings…'
            : saved
              ? `Saved. The settings were tested and work.${quota ? ` ${quotaSentence(quota)}` : ''}`
              : ''}
        </p>
        {failure && (
          <div role="alert" className="error-box">
            <p className="error-headline">
              <strong>{failure.advice.headline}</strong>
            </p>
            {failure.advice.sentences.map((s) => (
              <p key={s}>{s}</p>
            ))}
            {cert?.fingerprint256 && (
              <>
                <CertificateFacts detail={cert} />
                <label className="inline">
                  <input
                    type="checkbox"
                    checked={trusted === cert.fingerprint256}
                    onChange={(e) => setNewPin(e.target.checked ? cert.fingerprint256! : null)}
                  />
                  Trust this one certificate for this account only
                </label>
              </>
            )}
            {failure.advice.actions.includes('allow-cleartext') && (
              <label className="inline">
                <input type="checkbox" checked={allowCleartext} onChange={(e) => setNewCleartext(e.target.checked)} />
                Send my password and mail without encryption anyway
              </label>
            )}
          </div>
        )}
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Close
          </button>
          <button type="submit" className="primary" disabled={busy || !intervalValid || !writingValid}>
            {busy ? 'Testing…' : 'Test and save'}
          </button>
        </div>
      </form>

      <section aria-labelledby="remove-heading">
        <h3 id="remove-heading">Remove this account</h3>
        {removing ? (
          <RemoveAccount
            account={account}
            onlyHere={onlyHere}
            exportMbox={props.exportMbox ?? (() => exportOnlyHere(db, account))}
            onCancel={() => setRemoving(false)}
            onRemove={async () => {
              const removed = await client.call('accounts:remove', { accountId: account.id });
              if (!removed.ok) throw new Error(removed.error.message);
              props.onRemoved?.();
            }}
          />
        ) : (
          <p>
            <button type="button" onClick={() => setRemoving(true)}>
              Remove account…
            </button>
          </p>
        )}
      </section>
    </main>
  );
}
