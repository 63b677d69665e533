import { useId, useState } from 'react';

import type { PopPolicy } from '../../../electron/contract';
import { policyConsequence } from '../where-mail-lives/wording';

type Kind = PopPolicy['kind'];

const options: { kind: Kind; label: (days: number) => string }[] = [
  { kind: 'keep-days', label: (days) => `Keep a copy on the server for ${days} ${days === 1 ? 'day' : 'days'}` },
  { kind: 'keep-until-deleted-here', label: () => 'Keep on the server until I delete it here' },
  { kind: 'keep-forever', label: () => 'Keep on the server forever' },
  { kind: 'delete-after-download', label: () => 'Delete from the server after download' },
];

const policyOf = (kind: Kind, days: number): PopPolicy => (kind === 'keep-days' ? { kind, days } : { kind });

/**
 * What happens to the server's copy after a download, each choice with its consequence next to
 * it. "Delete after download" is listed last and never preselected: it makes this computer the
 * only place the mail exists.
 */
export function PolicyChoice({ policy, onChange, legend }: { policy: PopPolicy; onChange(policy: PopPolicy): void; legend: string }) {
  const id = useId();
  const days = policy.kind === 'keep-days' ? policy.days : 14;
  // The field's own text, so it can be emptied while typing; the policy changes only on a valid number.
  const [daysText, setDaysText] = useState<string | null>(null);
  return (
    <fieldset className="policy-choice">
      <legend>{legend}</legend>
      {options.map((o) => {
        const chosen = policy.kind === o.kind;
        const value = policyOf(o.kind, days);
        return (
          <div key={o.kind} className={`choice ${chosen ? 'chosen' : ''} ${o.kind === 'delete-after-download' ? 'choice-risky' : ''}`}>
            <label>
              <input
                type="radio"
                name={`${id}-policy`}
                checked={chosen}
                onChange={() => onChange(value)}
                aria-describedby={`${id}-${o.kind}`}
              />
              <strong>{o.label(days)}</strong>
            </label>
            <span className="consequence" id={`${id}-${o.kind}`}>
              {policyConsequence(value)}
            </span>
            {o.kind === 'keep-days' && chosen && (
              <label className="inline">
                Number of days
                <input
                  type="number"
                  min={1}
                  max={3650}
                  value={daysText ?? String(days)}
                  onChange={(e) => {
                    setDaysText(e.target.value);
                    const n = Number(e.target.value);
                    if (Number.isInteger(n) && n >= 1 && n <= 3650) onChange({ kind: 'keep-days', days: n });
                  }}
                  onBlur={() => setDaysText(null)}
                />
              </label>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
