import './setup.css';

import { useEffect, useMemo, useReducer, useRef, useState } from 'react';

import { useServices } from '../../app/app-context';
import { describeError } from '../errors/plain-words';
import { type QuotaFact, quotaFrom } from './quota';
import { ChooseStep } from './steps/ChooseStep';
import { DiscoveryStep } from './steps/DiscoveryStep';
import { IdentityStep } from './steps/IdentityStep';
import { PolicyStep } from './steps/PolicyStep';
import { ServersStep } from './steps/ServersStep';
import { SignInStep } from './steps/SignInStep';
import { newDiscoveryId, wizardApi } from './wizard-api';
import { initialWizardState, settingsFrom, stepsFor, stepTitle, usernameForms, wizardReducer } from './wizard-state';

/**
 * The account setup wizard (issue 5): address → finding the settings (each source named, stoppable)
 * → where the mail lives → the server's copy (POP3) → server settings when there is something to
 * type or confirm → sign in, test, add. Exported under the manual form's old name so App.tsx needs
 * no change.
 */
export function AddAccount({ onDone, onCancel }: { onDone(): void; onCancel?: () => void }) {
  const { client } = useServices();
  const api = useMemo(() => wizardApi(client), [client]);
  const [state, dispatch] = useReducer(wizardReducer, initialWizardState);
  const [searchProblem, setSearchProblem] = useState<string | null>(null);
  const [quota, setQuota] = useState<QuotaFact | null>(null);
  const started = useRef<string | null>(null);

  useEffect(() => api.onDiscoveryProgress((report) => dispatch({ type: 'progress', report })), [api]);

  // Start a search whenever the wizard enters "discovering" for a new address.
  useEffect(() => {
    if (state.step !== 'discovering' || state.discoveryId) return;
    const discoveryId = newDiscoveryId();
    started.current = discoveryId;
    setSearchProblem(null);
    dispatch({ type: 'discoveryStarted', discoveryId });
    void api.call('accounts:discover', { discoveryId, email: state.email }).then((answer) => {
      if (started.current !== discoveryId) return;
      if (answer.ok) dispatch({ type: 'discovered', result: answer.value });
      else {
        setSearchProblem(describeError(answer.error));
        dispatch({ type: 'byHand' });
      }
    });
  }, [api, state.step, state.discoveryId, state.email]);

  // Screen readers hear the new step's title; keyboard focus starts there.
  useEffect(() => {
    document.getElementById('step-title')?.focus();
  }, [state.step]);

  const stop = () => {
    if (state.discoveryId) void api.call('accounts:discoverStop', { discoveryId: state.discoveryId });
    dispatch({ type: 'byHand' });
  };

  const steps = stepsFor(state);
  const domain = state.email.split('@').pop() ?? '';
  return (
    <main className="setup wizard">
      <h1>Add a mail account</h1>
      <ol className="wizard-steps" aria-label="Steps">
        {steps.map((s) => (
          <li
            key={s}
            aria-current={s === state.step ? 'step' : undefined}
            className={s === state.step ? 'current' : steps.indexOf(s) < steps.indexOf(state.step) ? 'done' : ''}
          >
            {stepTitle[s]}
          </li>
        ))}
      </ol>
      {searchProblem && state.step === 'choose' && (
        <p className="notice" role="status">
          Homing could not search for your settings ({searchProblem}). You can type them by hand.
        </p>
      )}
      {state.step === 'identity' && (
        <IdentityStep
          name={state.name}
          email={state.email}
          onFind={(name, email) => dispatch({ type: 'identity', name, email })}
          onByHand={(name, email) => {
            dispatch({ type: 'identity', name, email });
            dispatch({ type: 'byHand' });
          }}
          {...(onCancel ? { onCancel } : {})}
        />
      )}
      {state.step === 'discovering' && <DiscoveryStep domain={domain} progress={state.progress} onStop={stop} />}
      {state.step === 'choose' && (
        <ChooseStep
          state={state}
          quota={quota}
          onDevices={(answer) => dispatch({ type: 'devices', answer })}
          onMode={(mode) => dispatch({ type: 'mode', mode })}
          onNext={() => dispatch({ type: 'next' })}
          onBack={() => dispatch({ type: 'back' })}
        />
      )}
      {state.step === 'policy' && (
        <PolicyStep
          policy={state.policy}
          onPolicy={(policy) => dispatch({ type: 'policy', policy })}
          onNext={() => dispatch({ type: 'next' })}
          onBack={() => dispatch({ type: 'back' })}
        />
      )}
      {state.step === 'servers' && (
        <ServersStep
          api={api}
          state={state}
          onEdit={(role, patch) => dispatch({ type: 'editServer', role, patch })}
          onUse={(role, server) => dispatch({ type: 'useServer', role, server })}
          onConfirm={(confirmed) => dispatch({ type: 'confirm', confirmed })}
          onNext={() => dispatch({ type: 'next' })}
          onBack={() => dispatch({ type: 'back' })}
        />
      )}
      {state.step === 'signin' && (
        <SignInStep
          client={client}
          state={state}
          settingsFor={(username) => settingsFrom(state, username)}
          usernames={usernameForms(state)}
          onTrust={(fingerprint) => dispatch({ type: 'trustCertificate', fingerprint })}
          onAllowCleartext={(allowed) => dispatch({ type: 'allowCleartext', allowed })}
          onChangeServers={() => dispatch({ type: 'changeServers' })}
          onBack={() => dispatch({ type: 'back' })}
          onAdded={onDone}
          onFacts={(facts) => setQuota(quotaFrom(facts))}
        />
      )}
    </main>
  );
}
