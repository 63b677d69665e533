import { useId } from 'react';

import type { Security } from '../../../electron/contract';
import type { DiscoveryProtocol } from '../../../electron/contract/wizard';
import { probeSentence } from './probe-words';
import { useLiveProbe } from './use-live-probe';
import type { WizardApi } from './wizard-api';
import type { ServerDraft } from './wizard-state';
import { defaultPorts, securityLabel, serverRole } from './wording';

/**
 * One server's settings, each change checked live (no password needed): the line under the
 * fields says whether a server of the right kind answers there, and whether it is encrypted.
 */
export function ServerFields(props: {
  api: WizardApi;
  protocol: DiscoveryProtocol;
  draft: ServerDraft;
  onChange(patch: Partial<ServerDraft>): void;
  /** Names the fieldset, e.g. "Receiving mail (POP3)"; also prefixes the field labels for SMTP. */
  legend?: string;
  usernameHint?: string;
}) {
  const { api, protocol, draft, onChange } = props;
  const id = useId();
  const port = draft.port === '' ? defaultPorts[protocol][draft.security] : draft.port;
  const probe = useLiveProbe(api, protocol, draft.host, port, draft.security);
  const sentence =
    probe.state === 'done' ? probeSentence(protocol, { host: probe.host, port: probe.port, security: probe.security }, probe.result) : null;
  // SMTP's fields are labelled "Sending server …", so the two fieldsets' labels never collide.
  const label = (what: string) => (protocol === 'smtp' ? `Sending server ${what.toLowerCase()}` : what);
  return (
    <fieldset className="server-fields">
      <legend>{props.legend ?? serverRole(protocol)}</legend>
      <div className="field">
        <label htmlFor={`${id}-host`}>{protocol === 'smtp' ? 'Sending server' : 'Server'}</label>
        <input
          id={`${id}-host`}
          value={draft.host}
          onChange={(e) => onChange({ host: e.target.value.trim() })}
          placeholder={protocol === 'smtp' ? 'smtp.example.com' : protocol === 'imap' ? 'imap.example.com' : 'pop.example.com'}
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          aria-describedby={`${id}-status`}
        />
      </div>
      <div className="server-row">
        <div className="field">
          <label htmlFor={`${id}-security`}>{label('Encryption')}</label>
          <select
            id={`${id}-security`}
            value={draft.security}
            onChange={(e) => onChange({ security: e.target.value as Security })}
            aria-describedby={`${id}-status`}
          >
            <option value="tls">{securityLabel('tls')}</option>
            <option value="starttls">{securityLabel('starttls')}</option>
            <option value="none">{securityLabel('none')} — not recommended</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-port`}>{label('Port')}</label>
          <input
            id={`${id}-port`}
            inputMode="numeric"
            value={draft.port === '' ? '' : String(draft.port)}
            placeholder={String(defaultPorts[protocol][draft.security])}
            onChange={(e) => {
              const digits = e.target.value.replace(/\D/g, '').slice(0, 5);
              onChange({ port: digits === '' ? '' : Number(digits) });
            }}
            aria-describedby={`${id}-status`}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-user`}>{label('User name')}</label>
        <input
          id={`${id}-user`}
          value={draft.username}
          onChange={(e) => onChange({ username: e.target.value })}
          autoCapitalize="off"
          spellCheck={false}
          {...(props.usernameHint ? { 'aria-describedby': `${id}-user-hint` } : {})}
        />
        {props.usernameHint && (
          <p id={`${id}-user-hint`} className="hint">
            {props.usernameHint}
          </p>
        )}
      </div>
      <p id={`${id}-status`} role="status" aria-live="polite" className={`live-check ${sentence ? `tone-${sentence.tone}` : ''}`}>
        {probe.state === 'checking' && `Checking ${draft.host}…`}
        {sentence && (
          <>
            <span aria-hidden="true">{sentence.tone === 'good' ? '✓ ' : sentence.tone === 'warning' ? '⚠ ' : '✗ '}</span>
            {sentence.text}
          </>
        )}
      </p>
    </fieldset>
  );
}
