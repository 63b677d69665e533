import type { PopPolicy } from '../../../../electron/contract';
import { PolicyChoice } from '../PolicyChoice';

export function PolicyStep(props: { policy: PopPolicy; onPolicy(policy: PopPolicy): void; onNext(): void; onBack(): void }) {
  return (
    <section className="step" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1}>
        What should happen to the server’s copy?
      </h2>
      <p className="lead">
        Homing downloads each message to this computer. Your provider’s server can keep its own copy for a while — so webmail and other
        devices still see it — or remove it. You can change this later in the account’s settings.
      </p>
      <PolicyChoice policy={props.policy} onChange={props.onPolicy} legend="After downloading, the server’s copy should be…" />
      <div className="actions">
        <button type="button" onClick={props.onBack}>
          Back
        </button>
        <button type="button" className="primary" onClick={props.onNext}>
          Continue
        </button>
      </div>
    </section>
  );
}
