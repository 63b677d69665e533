import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';

import type { ParsedMessage } from '../../../electron/contract';
import { useServices } from '../../app/app-context';
import { getMessage } from '../../store/queries/get-message';
import { getSource } from '../../store/queries/get-source';
import { describeError } from '../errors/plain-words';
import { locationBadge, locationSentence } from '../where-mail-lives/wording';
import { frameDocument, sanitizeMailHtml } from './sanitize-html';

const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
const people = (list: { name: string; address: string }[]) => list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');

export function Reader({ messageId }: { messageId: string }) {
  const { db, client } = useServices();
  const message = useLiveQuery(() => getMessage(db, messageId), [db, messageId]);
  const account = useLiveQuery(() => (message ? db.accounts.get(message.accountId) : undefined), [db, message?.accountId]);
  const [parsed, setParsed] = useState<ParsedMessage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showSource, setShowSource] = useState(false);
  const [source, setSource] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setParsed(null);
    setError(null);
    setSource(null);
    setShowSource(false);
    void (async () => {
      let bytes = await getSource(db, messageId);
      if (!bytes) {
        const fetched = await client.call('message:fetchSource', { messageId });
        if (!fetched.ok) {
          if (!cancelled) setError(describeError(fetched.error));
          return;
        }
        bytes = fetched.value.bytes;
      }
      const result = await client.call('mime:parse', { bytes });
      if (cancelled) return;
      if (result.ok) setParsed(result.value);
      else setError(describeError(result.error));
      setSource(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
    })();
    return () => {
      cancelled = true;
    };
  }, [db, client, messageId]);

  useEffect(() => {
    if (message && !message.seen) void client.call('message:setFlags', { messageIds: [message.id], seen: true });
  }, [client, message?.id, message?.seen]);

  if (!message) return <section className="reader empty" aria-label="Message" />;
  return (
    <article className="reader" aria-label="Message">
      <header>
        <h1>{message.subject || '(no subject)'}</h1>
        <dl className="headers">
          <dt>From</dt>
          <dd>{people(message.from)}</dd>
          <dt>To</dt>
          <dd>{people(message.to)}</dd>
          {message.cc.length > 0 && (
            <>
              <dt>Cc</dt>
              <dd>{people(message.cc)}</dd>
            </>
          )}
          <dt>Date</dt>
          <dd>{fullDate.format(message.date)}</dd>
        </dl>
        <p className="where-message" aria-label="Where this message lives">
          <span className={`badge badge-${message.location.replace('+', '-')}`}>{locationBadge(message.location)}</span>{' '}
          {locationSentence(message.location, message.serverCopyUntil, account?.mode)}
        </p>
        <div className="reader-actions">
          <button type="button" className="small" onClick={() => setShowSource((v) => !v)} aria-pressed={showSource}>
            {showSource ? 'Show message' : 'View source'}
          </button>
        </div>
      </header>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {parsed?.problem && <p className="warning">{parsed.problem}</p>}
      {showSource ? (
        <pre className="source" aria-label="Message source">
          {source}
        </pre>
      ) : parsed?.html ? (
        <iframe
          title="Message body"
          className="body-frame"
          sandbox=""
          referrerPolicy="no-referrer"
          srcDoc={frameDocument(sanitizeMailHtml(parsed.html))}
        />
      ) : (
        <pre className="body-text">{parsed?.text ?? (error ? '' : 'Loading…')}</pre>
      )}
      {parsed && parsed.attachments.length > 0 && (
        <ul className="attachments" aria-label="Attachments">
          {parsed.attachments
            .filter((a) => !a.inline)
            .map((a) => (
              <li key={a.index}>
                📎 {a.filename || '(unnamed)'} <span className="muted">{a.contentType} · {Math.ceil(a.size / 1024)} KB</span>
              </li>
            ))}
        </ul>
      )}
    </article>
  );
}
