import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';

import type { Folder, MessageHeader } from '../../../electron/contract';
import type { ServerSearchField, ServerSearchResult } from '../../../electron/contract/search';
import { useServices } from '../../app/app-context';
import { getMessages } from '../../store/queries/get-messages';
import { describeError } from '../errors/plain-words';
import { locationBadge } from '../where-mail-lives/wording';

type State = { kind: 'idle' } | { kind: 'searching' } | { kind: 'done'; result: ServerSearchResult } | { kind: 'failed'; message: string };

const FIELDS: { field: ServerSearchField; label: string }[] = [
  { field: 'text', label: 'Whole message' },
  { field: 'from', label: 'Sender' },
  { field: 'subject', label: 'Subject' },
];

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

type Hit = Pick<MessageHeader, 'id' | 'from' | 'subject' | 'date' | 'location'>;

const hitLabel = (m: Hit): string =>
  [
    m.from[0]?.name || m.from[0]?.address || '(no sender)',
    m.subject || '(no subject)',
    dayFormat.format(m.date),
    locationBadge(m.location),
  ].join(', ');

/**
 * "Search on the server for 'x'", shown under the local results for an IMAP folder. The local
 * index cannot see bodies that stay on the server, nor mail the mirror has not fetched yet; the
 * server can (UID SEARCH, electron/contract/search.ts). Matches the store holds are read from it;
 * the others arrive as headers, and opening one downloads it (message:fetchSource stores it).
 */
export function ServerSearch({ folder, query, onOpen }: { folder: Folder; query: string; onOpen(messageId: string): void }) {
  const { client, db } = useServices();
  const [field, setField] = useState<ServerSearchField>('text');
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [opening, setOpening] = useState<string | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  // A new query, field or folder asks again: results of another question would mislead.
  useEffect(() => {
    setState({ kind: 'idle' });
    setOpenError(null);
  }, [query, field, folder.id]);

  const storedIds = state.kind === 'done' ? state.result.storedIds : [];
  const stored = useLiveQuery(() => getMessages(db, storedIds), [db, storedIds.join('|')]) ?? [];

  const search = async () => {
    setState({ kind: 'searching' });
    const r = await client.call('search:server', { folderId: folder.id, query, field });
    setState(r.ok ? { kind: 'done', result: r.value } : { kind: 'failed', message: describeError(r.error) });
  };

  const open = async (id: string, needsDownload: boolean) => {
    setOpenError(null);
    if (needsDownload) {
      setOpening(id);
      const r = await client.call('message:fetchSource', { messageId: id });
      setOpening(null);
      if (!r.ok) {
        setOpenError(describeError(r.error));
        return;
      }
    }
    onOpen(id);
  };

  const hits: { hit: Hit; download: boolean }[] =
    state.kind === 'done'
      ? [
          ...stored.map((m) => ({ hit: m as Hit, download: false })),
          ...state.result.notStored.map((m) => ({ hit: m, download: true })),
        ].sort((a, b) => b.hit.date - a.hit.date)
      : [];

  return (
    <section className="server-search" aria-label="Server search">
      <div className="server-search-ask">
        <button type="button" className="small" onClick={() => void search()} disabled={state.kind === 'searching'}>
          Search on the server for “{query}”
        </button>
        <select aria-label="Search the server in" value={field} onChange={(e) => setField(e.target.value as ServerSearchField)}>
          {FIELDS.map((f) => (
            <option key={f.field} value={f.field}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <p className="search-summary" role="status" aria-live="polite">
        {state.kind === 'searching' && `Searching ${folder.name} on the server…`}
        {state.kind === 'failed' && state.message}
        {state.kind === 'done' &&
          (state.result.matched === 0
            ? `Nothing in ${folder.name} on the server matches.`
            : `${state.result.matched} ${state.result.matched === 1 ? 'message' : 'messages'} in ${folder.name} on the server` +
              (state.result.more ? `, the newest ${hits.length} listed` : '') +
              (state.result.notStored.length > 0 ? ` (${state.result.notStored.length} not downloaded yet)` : ''))}
      </p>
      {openError && (
        <p className="search-summary" role="alert">
          {openError}
        </p>
      )}
      {hits.length > 0 && (
        <ul className="server-hits" aria-label="Found on the server">
          {hits.map(({ hit, download }) => (
            <li key={hit.id}>
              <button
                type="button"
                className="server-hit"
                aria-label={hitLabel(hit)}
                disabled={opening !== null}
                onClick={() => void open(hit.id, download)}
              >
                <span className="from">{hit.from[0]?.name || hit.from[0]?.address || '(no sender)'}</span>
                <span className="subject">{hit.subject || '(no subject)'}</span>
                <span className="muted">
                  {dayFormat.format(hit.date)}
                  {opening === hit.id ? ' · downloading…' : download ? ' · on the server only' : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
