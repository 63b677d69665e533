import type { DiscoverySource, SourceReport } from '../../../../electron/contract/wizard';
import { sourceLabel, sourceStateLabel } from '../wording';

const order: DiscoverySource[] = ['builtin', 'ispdb', 'provider', 'mx', 'srv', 'guess'];

/** Each place Homing asks, named, with what it answered; the user can stop at any moment. */
export function DiscoveryStep(props: { domain: string; progress: Partial<Record<DiscoverySource, SourceReport>>; onStop(): void }) {
  return (
    <section className="step" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1}>
        Finding your settings
      </h2>
      <p className="lead">Homing is asking where {props.domain} wants mail programs to connect. This usually takes a few seconds.</p>
      <ol className="discovery-sources" aria-label="Places Homing is asking" aria-live="polite">
        {order.map((source) => {
          const report = props.progress[source];
          const state = report?.state ?? 'waiting';
          const looking = state === 'searching' && report?.subject && report.subject !== props.domain ? ` ${report.subject}` : '';
          return (
            <li key={source} className={`discovery-source is-${state}`} aria-busy={state === 'searching'}>
              <span className="source-name">{sourceLabel(source, props.domain)}</span>
              <span className="source-state">
                {source === 'guess' && state === 'waiting' ? 'Only if nothing else is found' : sourceStateLabel(state)}
                {looking}
              </span>
            </li>
          );
        })}
      </ol>
      <div className="actions">
        <button type="button" onClick={props.onStop}>
          Stop and enter settings by hand
        </button>
      </div>
    </section>
  );
}
