import { forwardRef } from 'react';

import type { Account } from '../../../electron/contract';

/**
 * Instant local search over the store's index (subject, people, addresses, and the body text of
 * every message whose source is stored here, indexed in the background: store/body-indexer.ts),
 * across all accounts or one. For an IMAP folder, ServerSearch (under the results) asks the
 * server for what is not here, such as bodies that stay on the server.
 */
export const SearchBox = forwardRef<
  HTMLInputElement,
  {
    value: string;
    onChange(value: string): void;
    accounts: Account[];
    scope: string | null;
    onScope(accountId: string | null): void;
    resultCount: number | undefined;
    /** The first page is shown and the rest is still being read. */
    moreResults?: boolean;
    searching: boolean;
    /** Stored messages the background indexer has not read yet (countIndexBacklog); above `backlogCap` it says "cap+". */
    indexBacklog?: number;
    backlogCap?: number;
  }
>(function SearchBox(
  { value, onChange, accounts, scope, onScope, resultCount, moreResults = false, searching, indexBacklog = 0, backlogCap = Infinity },
  ref,
) {
  return (
    <div className="search" role="search">
      <input
        ref={ref}
        type="search"
        aria-label="Search mail"
        aria-keyshortcuts="/"
        placeholder="Search mail (/)"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
      {accounts.length > 1 && (
        <select aria-label="Search in" value={scope ?? ''} onChange={(e) => onScope(e.target.value || null)}>
          <option value="">All accounts</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      )}
      {searching && (
        <p className="search-summary" role="status" aria-live="polite">
          {resultCount === undefined
            ? 'Searching…'
            : `${resultCount === 0 ? 'No' : resultCount}${moreResults ? '+' : ''} ${resultCount === 1 ? 'message' : 'messages'} found on this computer`}
        </p>
      )}
      {searching && indexBacklog > 0 && <p className="search-summary muted">{backlogText(indexBacklog, backlogCap)}</p>}
    </div>
  );
});

/** Newly stored mail is searchable only once indexed: say how much is not yet, and that it is coming. */
export const backlogText = (backlog: number, cap: number): string => {
  const many = backlog > cap;
  const n = many ? `${cap.toLocaleString('en')}+` : backlog.toLocaleString('en');
  return `Still reading ${n} recently stored ${backlog === 1 ? 'message' : 'messages'} into the search index — ${backlog === 1 ? 'it is' : 'they are'} not found yet.`;
};
