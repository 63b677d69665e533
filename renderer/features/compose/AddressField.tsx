import { useLiveQuery } from 'dexie-react-hooks';
import { type KeyboardEvent, useEffect, useId, useState } from 'react';

import type { MailAddress } from '../../../electron/contract';
import { completeWith, lastTyped } from './recipients';

/**
 * A To / Cc / Bcc field with suggestions from addresses seen in stored mail. An ARIA combobox:
 * arrow keys move through the list, Enter or Tab takes the highlighted address, Escape closes it.
 */
export function AddressField({
  label,
  value,
  onChange,
  suggest,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  suggest(typed: string): Promise<MailAddress[]>;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const typed = lastTyped(value);
  // Live: mail stored or indexed while the field is open (a first sync, the background body
  // indexer adding a message's words) shows up without another keystroke.
  const options = useLiveQuery(() => (typed.length < 2 ? Promise.resolve([]) : suggest(typed)), [typed, suggest]) ?? [];
  useEffect(() => setActive(0), [typed]);

  const showing = open && options.length > 0;
  const choose = (a: MailAddress) => {
    onChange(completeWith(value, a));
    setOpen(false);
  };
  const onKey = (e: KeyboardEvent) => {
    if (!showing) return;
    if (e.key === 'ArrowDown') setActive((i) => (i + 1) % options.length);
    else if (e.key === 'ArrowUp') setActive((i) => (i - 1 + options.length) % options.length);
    else if (e.key === 'Enter' || e.key === 'Tab') choose(options[active]!);
    else if (e.key === 'Escape') setOpen(false);
    else return;
    e.preventDefault();
  };

  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div className="address-field">
        <input
          id={id}
          role="combobox"
          aria-expanded={showing}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showing ? `${listId}-${active}` : undefined}
          value={value}
          autoComplete="off"
          onChange={(e) => {
            onChange(e.target.value);
            setOpen(true);
          }}
          onKeyDown={onKey}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
        {showing && (
          <ul id={listId} role="listbox" aria-label={`${label} suggestions`}>
            {options.map((a, i) => (
              <li
                key={a.address}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(a);
                }}
              >
                {a.name ? `${a.name} <${a.address}>` : a.address}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
