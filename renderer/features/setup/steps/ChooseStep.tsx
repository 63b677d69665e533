import { useId } from 'react';

import type { AccountMode } from '../../../../electron/contract';
import { quotaCardLine, type QuotaCheck } from '../quota';
import { type DevicesAnswer, type Offer, offerFor, recommendedMode, type WizardState } from '../wizard-state';
import { foundWhere, modeCopy, otherDevicesAnswers, otherDevicesQuestion, recommendationReason } from '../wording';

const offerNote = (offer: Offer, mode: AccountMode, provider: string | null): string | null => {
  const what = mode === 'imap' ? 'keeping mail on the server (IMAP)' : 'downloading mail (POP3)';
  switch (offer) {
    case 'found':
      return null;
    case 'not-offered':
      return `${provider ?? 'Your provider'} does not offer ${what}.`;
    case 'not-found':
      return `Homing found no server for ${what}; you can type one on a later page.`;
    case 'unavailable':
      return 'Not available in this version of Homing yet.';
  }
};

function foundSummary(state: WizardState): string {
  const d = state.discovery;
  const domain = state.email.split('@').pop() ?? '';
  if (!d) return 'You will type the server settings on a later page; your provider’s help pages list them.';
  const best = d.imap[0] ?? d.pop3[0];
  if (!best)
    return `Homing could not find the settings for ${domain}. You can type them on a later page; your provider’s help pages list them.`;
  return `Homing found the settings for ${d.provider?.name ?? domain} ${foundWhere(best.source, domain)}.`;
}

export function ChooseStep(props: {
  state: WizardState;
  /** What a test sign-in to the IMAP server found out about the mailbox's size limit. */
  quota: QuotaCheck | null;
  onDevices(answer: DevicesAnswer): void;
  onMode(mode: AccountMode): void;
  onNext(): void;
  onBack(): void;
}) {
  const { state } = props;
  const id = useId();
  const recommended = state.devices ? recommendedMode(state.devices) : null;
  const providerName = state.discovery?.provider?.name ?? null;
  return (
    <section className="step" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1}>
        Where should your mail live?
      </h2>
      <p className="lead">{foundSummary(state)}</p>

      <fieldset className="devices">
        <legend>{otherDevicesQuestion}</legend>
        <div className="devices-answers">
          {otherDevicesAnswers.map((a) => (
            <label key={a.value} className={state.devices === a.value ? 'pill chosen' : 'pill'}>
              <input type="radio" name={`${id}-devices`} checked={state.devices === a.value} onChange={() => props.onDevices(a.value)} />
              {a.label}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="modes" role="radiogroup" aria-label="Where your mail lives">
        {(['imap', 'pop3'] as const).map((mode) => {
          const copy = modeCopy[mode];
          const offer = offerFor(state.discovery, mode);
          const disabled = offer === 'unavailable' || offer === 'not-offered';
          const chosen = state.mode === mode;
          const note = offerNote(offer, mode, providerName);
          return (
            <div
              key={mode}
              className={`mode-card ${chosen ? 'chosen' : ''} ${disabled ? 'disabled' : ''}`}
              onClick={() => !disabled && props.onMode(mode)}
            >
              <div className="mode-head">
                <input
                  type="radio"
                  name={`${id}-mode`}
                  id={`${id}-${mode}`}
                  checked={chosen}
                  disabled={disabled}
                  onChange={() => props.onMode(mode)}
                  aria-labelledby={`${id}-${mode}-title ${id}-${mode}-protocol`}
                  aria-describedby={`${id}-${mode}-points ${id}-${mode}-note`}
                />
                <label htmlFor={`${id}-${mode}`}>
                  <strong id={`${id}-${mode}-title`}>{copy.title}</strong>
                  <span className="protocol" id={`${id}-${mode}-protocol`}>
                    ({copy.protocol})
                  </span>
                </label>
              </div>
              {recommended === mode && !disabled && state.devices && (
                <p className="badge-recommended">{recommendationReason(state.devices)}</p>
              )}
              <ul id={`${id}-${mode}-points`}>
                {copy.points.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
              {mode === 'imap' && !disabled && props.quota && quotaCardLine(props.quota) && (
                <p className="quota" role="status" aria-live="polite">
                  {quotaCardLine(props.quota)}
                </p>
              )}
              <p id={`${id}-${mode}-note`} className="offer-note">
                {note ?? ''}
              </p>
            </div>
          );
        })}
      </div>
      <p className="hint">You can change your mind later by adding the account again with the other choice.</p>
      <div className="actions">
        <button type="button" onClick={props.onBack}>
          Back
        </button>
        <button type="button" className="primary" onClick={props.onNext} disabled={!state.mode}>
          Continue
        </button>
      </div>
    </section>
  );
}
