import './compose.css';

import { useId } from 'react';

import { identityProblems, MAX_IDENTITIES, newIdentityId, type WritingSettings } from './identities-form';

export interface IdentitiesEditorProps {
  /** The account's own name and address: always the first identity, edited with the account name. */
  account: { name: string; email: string; mode: 'imap' | 'pop3' };
  value: WritingSettings;
  onChange(next: WritingSettings): void;
}

/**
 * "Writing mail" in an account's settings: the signature of the account's own address, more
 * addresses to write from (each with its name, signature and optional Reply-To), and whether the
 * server files sent mail itself. Saved with the rest of the settings (accounts:update).
 */
export function IdentitiesEditor({ account, value, onChange }: IdentitiesEditorProps) {
  const ids = { title: useId(), savesSent: useId() };
  const problems = identityProblems(value.identities);
  const patch = (id: string, change: Partial<WritingSettings['identities'][number]>) =>
    onChange({ ...value, identities: value.identities.map((i) => (i.id === id ? { ...i, ...change } : i)) });
  const add = () =>
    onChange({
      ...value,
      identities: [
        ...value.identities,
        { id: newIdentityId(value.identities.map((i) => i.id)), name: account.name, address: '', signature: '' },
      ],
    });
  const remove = (id: string) => onChange({ ...value, identities: value.identities.filter((i) => i.id !== id) });

  return (
    <section aria-labelledby={ids.title} className="identities-editor">
      <h3 id={ids.title}>Writing mail</h3>
      <fieldset>
        <legend>
          Your own address: {account.name} &lt;{account.email}&gt;
        </legend>
        <label>
          Signature
          <textarea rows={3} value={value.signature} onChange={(e) => onChange({ ...value, signature: e.target.value })} />
        </label>
      </fieldset>

      <p className="hint">
        Other addresses you write from through this account’s outgoing server (an alias, a shared address). When you answer a message sent
        to one of them, Homing answers from it.
      </p>

      {value.identities.map((identity, n) => {
        const problem = problems.get(identity.id);
        const problemId = `${ids.title}-${identity.id}-problem`;
        const label = identity.address.trim() || `new address ${n + 1}`;
        return (
          <fieldset key={identity.id} aria-label={`Also writing as ${label}`}>
            <legend>Also writing as {label}</legend>
            <label>
              Name
              <input value={identity.name} onChange={(e) => patch(identity.id, { name: e.target.value })} autoComplete="off" />
            </label>
            <label>
              Email address
              <input
                type="email"
                value={identity.address}
                onChange={(e) => patch(identity.id, { address: e.target.value })}
                aria-invalid={problem !== undefined}
                aria-describedby={problem ? problemId : undefined}
                autoComplete="off"
              />
            </label>
            <label>
              Replies go to (optional)
              <input
                type="email"
                value={identity.replyTo ?? ''}
                onChange={(e) => patch(identity.id, { replyTo: e.target.value })}
                autoComplete="off"
              />
            </label>
            <label>
              Signature
              <textarea rows={3} value={identity.signature ?? ''} onChange={(e) => patch(identity.id, { signature: e.target.value })} />
            </label>
            {problem && (
              <p id={problemId} className="error">
                {problem}
              </p>
            )}
            <p>
              <button type="button" onClick={() => remove(identity.id)}>
                Remove {label}
              </button>
            </p>
          </fieldset>
        );
      })}
      <p>
        <button type="button" onClick={add} disabled={value.identities.length >= MAX_IDENTITIES}>
          Add an address to write from
        </button>
      </p>

      {account.mode === 'imap' && (
        <>
          <label className="inline">
            <input
              type="checkbox"
              checked={value.serverSavesSent}
              onChange={(e) => onChange({ ...value, serverSavesSent: e.target.checked })}
              aria-describedby={ids.savesSent}
            />
            This server saves sent mail itself (as Gmail does)
          </label>
          <p id={ids.savesSent} className="hint">
            Some servers put a copy of every message you send in your Sent folder on their own. Turn this on for such a server, and Homing
            will not add its own copy, which would show every sent message twice. If you are not sure, leave it off.
          </p>
        </>
      )}
    </section>
  );
}
