import type { DiscoveredServer } from '../../../../electron/contract/wizard';
import { ServerFields } from '../ServerFields';
import type { WizardApi } from '../wizard-api';
import { type ServerDraft, unconfirmed, unverifiedServers, type WizardState } from '../wizard-state';
import { foundWhere, protocolLabel } from '../wording';

const howFound = (server: DiscoveredServer, domain: string): string => {
  switch (server.source) {
    case 'guess':
      return 'by trying the usual server names';
    case 'srv':
    case 'mx':
      return `through ${domain}’s DNS records, which anyone between you and the internet could fake`;
    default:
      return 'over an unencrypted connection, which anyone between you and the internet could change';
  }
};

export function ServersStep(props: {
  api: WizardApi;
  state: WizardState;
  onEdit(role: 'incoming' | 'smtp', patch: Partial<ServerDraft>): void;
  onUse(role: 'incoming' | 'smtp', server: DiscoveredServer): void;
  onConfirm(confirmed: boolean): void;
  onNext(): void;
  onBack(): void;
}) {
  const { state, api } = props;
  const mode = state.mode!;
  const domain = state.email.split('@').pop() ?? '';
  const incoming = state.incoming!;
  const candidates = state.discovery?.[mode] ?? [];
  const needsConfirm = unconfirmed(state);
  const unverified = unverifiedServers(state);
  const smtp: ServerDraft = state.smtp ?? { host: '', port: '', security: 'tls', username: '' };
  const canContinue = incoming.host.trim().length > 0 && incoming.username.trim().length > 0 && needsConfirm.length === 0;
  return (
    <section className="step" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1}>
        Server settings
      </h2>
      <p className="lead">
        {state.incomingFound
          ? `Homing found these ${foundWhere(state.incomingFound.source, domain)}. Each server is checked as you change it.`
          : 'Type the settings from your provider’s help pages. Each server is checked as you type; your password is needed only on the next page.'}
      </p>

      {unverified.length > 0 && (
        <div className="notice warning-box" role="group" aria-labelledby="unverified-title">
          <p id="unverified-title">
            <strong>Please check these settings.</strong> Homing found{' '}
            {unverified.map((s) => `the ${protocolLabel(s.protocol)} server ${s.host}`).join(' and ')} {howFound(unverified[0]!, domain)}.
            Compare them with your provider’s help pages before you continue.
          </p>
          <label className="inline">
            <input type="checkbox" checked={state.confirmed} onChange={(e) => props.onConfirm(e.target.checked)} />I checked: these are my
            provider’s servers
          </label>
        </div>
      )}

      {candidates.length > 1 && (
        <label>
          Other servers Homing found
          <select
            value={candidates.findIndex((c) => c.host === incoming.host && c.port === incoming.port && c.security === incoming.security)}
            onChange={(e) => {
              const chosen = candidates[Number(e.target.value)];
              if (chosen) props.onUse('incoming', chosen);
            }}
          >
            <option value={-1} disabled>
              Typed by hand
            </option>
            {candidates.map((c, i) => (
              <option key={`${c.host}:${c.port}:${c.security}`} value={i}>
                {c.host}, port {c.port} {c.verified ? '' : '(not verified)'}
              </option>
            ))}
          </select>
        </label>
      )}

      <ServerFields
        api={api}
        protocol={mode}
        draft={incoming}
        onChange={(patch) => props.onEdit('incoming', patch)}
        usernameHint="Usually your full email address."
      />
      <ServerFields
        api={api}
        protocol="smtp"
        draft={smtp}
        legend="Sending mail (SMTP) — optional for now"
        onChange={(patch) => props.onEdit('smtp', patch)}
        usernameHint="Leave empty to use the same user name."
      />
      <div className="actions">
        <button type="button" onClick={props.onBack}>
          Back
        </button>
        <button type="button" className="primary" onClick={props.onNext} disabled={!canContinue}>
          {needsConfirm.length > 0 ? 'Confirm these settings first' : 'Continue'}
        </button>
      </div>
    </section>
  );
}
