import './setup.css';

import { useEffect, useMemo, useReducer, useRef, useState } from 'react';

import { useServices } from '../../app/app-context';
import { describeError } from '../errors/plain-words';
import { type QuotaCheck, quotaCheckFrom } from './quota';
import { quotaTarget } from './quota-check';
import { testSignIn } from './sign-in';
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
  // The password lives here, outside the reducer's state (see wizard-state.ts), for the quota
  // check on the choice screen and the sign-in; it is dropped once the account is added.
  const [password, setPasswordState] = useState('');
  const [quota, setQuota] = useState<{ key: string; check: QuotaCheck } | null>(null);
  const started = useRef<string | null>(null);
  const setPassword = (next: string) => {
    setPasswordState(next);
    if (next !== password) setQuota(null);
  };

  // On the choice screen, sign in once to the IMAP server found (verified sources only) and ask
  // for its mailbox size (GETQUOTAROOT), so the IMAP option can state the server's limit.
  const target = state.step === 'choose' ? quotaTarget(state) : null;
  const targetKey = target?.kind === 'ready' ? target.key : null;
  useEffect(() => {
    if (!target || target.kind !== 'ready' || !password || quota?.key === target.key) return;
    const key = target.key;
    setQuota({ key, check: { state: 'checking' } });
    void testSignIn(client, target.settingsFor, target.usernames, password).then((outcome) =>
      setQuota((prev) =>
        prev?.key === key ? { key, check: outcome.kind === 'ok' ? quotaCheckFrom(outcome.incoming.facts) : { state: 'failed' } } : prev,
      ),
    );
    // `target` is rebuilt every render; its key says everything the check depends on.
  }, [client, targetKey, password, quota?.key]);

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
          password={password}
          onPassword={setPassword}
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
          quota={
            target?.kind === 'not-verified'
              ? { state: 'not-verified' }
              : !password
                ? { state: 'no-password' }
                : quota && quota.key === targetKey
                  ? quota.check
                  : null
          }
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
          password={password}
          onPassword={setPassword}
          onTrust={(role, fingerprint) => dispatch({ type: 'trustCertificate', fingerprint, role })}
          onAllowCleartext={(role, allowed) => dispatch({ type: 'allowCleartext', allowed, role })}
          onChangeServers={() => dispatch({ type: 'changeServers' })}
          onBack={() => dispatch({ type: 'back' })}
          onAdded={onDone}
          onFacts={(facts) => {
            const signedIn = quotaTarget(state);
            if (state.mode === 'imap' && signedIn.kind === 'ready') setQuota({ key: signedIn.key, check: quotaCheckFrom(facts) });
          }}
        />
      )}
    </main>
  );
}
