import { useState } from 'react';

import type { AccountMode, AccountSettingsInput, AppError, PopPolicy, Security } from '../../../electron/contract';
import { defaultPopPolicy } from '../../../electron/contract/accounts';
import { useServices } from '../../app/app-context';
import { describeError } from '../errors/plain-words';
import { policyConsequence } from '../where-mail-lives/wording';

const defaultPorts: Record<AccountMode, Record<Security, number>> = {
  imap: { tls: 993, starttls: 143, none: 143 },
  pop3: { tls: 995, starttls: 110, none: 110 },
};

const policies: { policy: PopPolicy; label: string }[] = [
  { policy: defaultPopPolicy, label: 'Keep a copy on the server for 14 days' },
  { policy: { kind: 'delete-after-download' }, label: 'Delete from the server after download' },
  { policy: { kind: 'keep-until-deleted-here' }, label: 'Keep on the server until I delete it here' },
  { policy: { kind: 'keep-forever' }, label: 'Keep on the server forever' },
];

/** Manual account setup: where the mail will live is chosen here, with the consequences spelled out. */
export function AddAccount({ onDone, onCancel }: { onDone(): void; onCancel?: () => void }) {
  const { client } = useServices();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [mode, setMode] = useState<AccountMode>('pop3');
  const [host, setHost] = useState('');
  const [security, setSecurity] = useState<Security>('tls');
  const [port, setPort] = useState<number | ''>('');
  const [username, setUsername] = useState('');
  const [policyIndex, setPolicyIndex] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [trustFingerprint, setTrustFingerprint] = useState<string | null>(null);

  const policy = policies[policyIndex]!.policy;
  const settings = (): AccountSettingsInput => ({
    name: name || email,
    email,
    mode,
    incoming: {
      host,
      port: port === '' ? defaultPorts[mode][security] : port,
      security,
      username: username || email,
      allowCleartextPassword: false,
      ...(trustFingerprint ? { trustedFingerprint256: trustFingerprint } : {}),
    },
    ...(mode === 'pop3' ? { pop3: { policy, headersOnlyAboveKb: null, checkIntervalMinutes: 10 } } : {}),
  });

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const tested = await client.call('accounts:test', { settings: settings(), password });
      if (!tested.ok) return setError(tested.error);
      if (!tested.value.incoming.ok) return setError(tested.value.incoming.error ?? { code: 'internal', message: 'The test failed.' });
      const added = await client.call('accounts:add', { settings: settings(), password });
      if (!added.ok) return setError(added.error);
      onDone();
    } finally {
      setBusy(false);
    }
  };

  const cert = error?.code === 'untrusted_certificate' ? error.detail : undefined;
  return (
    <main className="setup">
      <h1>Add a mail account</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          Your name
          <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
        </label>
        <label>
          Email address
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="email" />
        </label>
        <label>
          Password
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="current-password" />
        </label>

        <fieldset className="mode-choice">
          <legend>Where should your mail live?</legend>
          <label className={mode === 'imap' ? 'choice chosen' : 'choice'}>
            <input type="radio" name="mode" checked={mode === 'imap'} onChange={() => setMode('imap')} />
            <strong>On the server, synced with your other devices (IMAP)</strong>
            <span>
              Mail stays on the server and every device — phone, laptop, webmail — sees the same mailbox. Homing downloads only what you open
              or choose to keep offline. Your server’s mailbox size limit applies.
            </span>
          </label>
          <label className={mode === 'pop3' ? 'choice chosen' : 'choice'}>
            <input type="radio" name="mode" checked={mode === 'pop3'} onChange={() => setMode('pop3')} />
            <strong>Downloaded to this computer (POP3)</strong>
            <span>
              Mail is downloaded here and can be read offline; only this computer’s disk limits how much you keep. Other devices won’t see what
              you read, move or delete here, and once the server’s copy is deleted this computer holds the only copy.
            </span>
          </label>
        </fieldset>

        {mode === 'pop3' && (
          <fieldset className="policy-choice">
            <legend>After downloading, the server’s copy should be…</legend>
            {policies.map((p, i) => (
              <label key={p.label} className={i === policyIndex ? 'choice chosen' : 'choice'}>
                <input type="radio" name="policy" checked={i === policyIndex} onChange={() => setPolicyIndex(i)} />
                <strong>{p.label}</strong>
                <span>{policyConsequence(p.policy)}</span>
              </label>
            ))}
          </fieldset>
        )}

        <fieldset>
          <legend>Incoming server</legend>
          <label>
            Server
            <input value={host} onChange={(e) => setHost(e.target.value)} required placeholder={mode === 'imap' ? 'imap.example.com' : 'pop.example.com'} />
          </label>
          <label>
            Encryption
            <select value={security} onChange={(e) => setSecurity(e.target.value as Security)}>
              <option value="tls">TLS (encrypted from the start)</option>
              <option value="starttls">STARTTLS (encryption required)</option>
            </select>
          </label>
          <label>
            Port
            <input
              inputMode="numeric"
              value={port === '' ? '' : String(port)}
              placeholder={String(defaultPorts[mode][security])}
              onChange={(e) => setPort(e.target.value === '' ? '' : Number(e.target.value.replace(/\D/g, '')))}
            />
          </label>
          <label>
            User name
            <input value={username} onChange={(e) => setUsername(e.target.value)} placeholder={email || 'usually your email address'} />
          </label>
        </fieldset>

        {error && (
          <div role="alert" className="error">
            <p>{describeError(error)}</p>
            {cert?.fingerprint256 && (
              <div className="certificate">
                <p>
                  Subject: {cert.subject}
                  <br />
                  Issuer: {cert.issuer}
                  <br />
                  Valid: {cert.validFrom} – {cert.validTo}
                  <br />
                  SHA-256: <code>{cert.fingerprint256}</code>
                </p>
                <label>
                  <input type="checkbox" checked={trustFingerprint === cert.fingerprint256} onChange={(e) => setTrustFingerprint(e.target.checked ? cert.fingerprint256! : null)} />
                  Trust this one certificate for this account only
                </label>
              </div>
            )}
          </div>
        )}

        <div className="actions">
          {onCancel && (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Testing…' : 'Test and add account'}
          </button>
        </div>
      </form>
    </main>
  );
}
