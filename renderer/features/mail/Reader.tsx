import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState } from 'react';

import { useServices } from '../../app/app-context';
import { getMessage } from '../../store/queries/get-message';
import { LocationBadge } from '../where-mail-lives/LocationBadge';
import { locationSentence } from '../where-mail-lives/wording';
import { downloadBytes } from './export/download';
import { emlFilename } from './export/export-names';
import { inlineImageUrls } from './mime/attachments';
import { Attachments } from './reader/Attachments';
import { frameDocument } from './reader/frame-document';
import { LinkDialog } from './reader/LinkDialog';
import { type FrameLink, MessageFrame } from './reader/MessageFrame';
import { htmlToText } from './reader/plain-text';
import { isTrustedSender, setTrustedSender } from './reader/remote-content-prefs';
import { RemoteContentBar } from './reader/RemoteContentBar';
import { sourceText, useMessageContent } from './reader/use-message-content';
import { useRemoteContent } from './reader/use-remote-content';
import { sanitizeMail } from './sanitize-html';

const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
const people = (list: { name: string; address: string }[]) => list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');

type View = 'formatted' | 'plain' | 'source';

/**
 * The reading pane for one message. HTML is sanitized (sanitize-html.ts) and shown in a sandboxed
 * frame with its own CSP; remote content stays blocked until the user allows it; links never
 * navigate, they open a dialog showing the real target.
 */
export function Reader({ messageId, onFrameKey }: { messageId: string; onFrameKey?(event: KeyboardEvent): void }) {
  const { db, client } = useServices();
  // Message and account in one query: the "where it lives" sentence depends on the account's mode,
  // and must never show for a moment with the wrong one.
  const loaded = useLiveQuery(async () => {
    const row = await getMessage(db, messageId);
    return { message: row, account: row ? await db.accounts.get(row.accountId) : undefined };
  }, [db, messageId]);
  const message = loaded?.message ?? null;
  const account = loaded?.account;
  const content = useMessageContent(db, client, messageId, message?.hasSource);
  const [view, setView] = useState<View>('formatted');
  const [allowOnce, setAllowOnce] = useState(false);
  const [trustVersion, setTrustVersion] = useState(0);
  const [link, setLink] = useState<FrameLink | null>(null);
  const [hover, setHover] = useState<FrameLink | null>(null);
  const [remoteFailures, setRemoteFailures] = useState(0);
  const markedRead = useRef<string | null>(null);

  const sender = message?.from[0]?.address || undefined;
  // trustVersion: re-read the preference after the user changed it.
  const senderTrusted = useMemo(() => trustVersion >= 0 && isTrustedSender(sender), [sender, trustVersion]);
  const allowRemote = allowOnce || senderTrusted;

  useEffect(() => {
    setView('formatted');
    setAllowOnce(false);
    setLink(null);
    setHover(null);
    setRemoteFailures(0);
  }, [messageId]);

  // Opening a message marks it read, once: marking it unread again while it is open must stick.
  useEffect(() => {
    if (!message || markedRead.current === message.id) return;
    markedRead.current = message.id;
    if (!message.seen) void client.call('message:setFlags', { messageIds: [message.id], seen: true });
  }, [client, message]);

  // cid: images come from the message's own parts, as blob: URLs that live as long as the message is open.
  const inline = useMemo(
    () => (content.source && content.parsed?.html ? inlineImageUrls(content.source) : null),
    [content.source, content.parsed?.html],
  );
  useEffect(() => () => inline?.revoke(), [inline]);

  // First without remote content: that pass lists what the message asks for (the bar's count).
  const blocked = useMemo(
    () => (content.parsed?.html ? sanitizeMail(content.parsed.html, { allowRemote: false, cidUrls: inline?.urls ?? new Map() }) : null),
    [content.parsed?.html, inline],
  );
  const remote = useRemoteContent(client, blocked?.remote ?? [], allowRemote);
  const sanitized = useMemo(
    () =>
      content.parsed?.html && allowRemote
        ? sanitizeMail(content.parsed.html, { allowRemote, remoteUrls: remote.urls, cidUrls: inline?.urls ?? new Map() })
        : blocked,
    [content.parsed?.html, allowRemote, remote.urls, inline, blocked],
  );
  // No remote origin ever enters the frame's CSP: loaded content arrives as blob: URLs.
  const srcDoc = useMemo(() => (sanitized ? frameDocument(sanitized) : null), [sanitized]);
  const plainText = useMemo(() => {
    if (view !== 'plain' && sanitized) return null;
    if (content.parsed?.text) return content.parsed.text;
    return content.parsed?.html ? htmlToText(content.parsed.html) : null;
  }, [view, sanitized, content.parsed]);

  if (!message) return <article className="reader empty" aria-label="Message" />;

  const saveEml = () => {
    if (content.source) downloadBytes(content.source, emlFilename(message.subject, message.date), 'message/rfc822');
  };

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
          <LocationBadge location={message.location} /> {locationSentence(message.location, message.serverCopyUntil, account?.mode)}
        </p>
        <div className="reader-views" role="group" aria-label="How to show this message">
          {sanitized && (
            <button
              type="button"
              className="small"
              aria-pressed={view === 'plain'}
              onClick={() => setView(view === 'plain' ? 'formatted' : 'plain')}
            >
              Plain text
            </button>
          )}
          <button
            type="button"
            className="small"
            aria-pressed={view === 'source'}
            onClick={() => setView(view === 'source' ? 'formatted' : 'source')}
          >
            View source
          </button>
          <button type="button" className="small" onClick={saveEml} disabled={!content.source}>
            Save as .eml
          </button>
        </div>
      </header>
      {content.error && (
        <p role="alert" className="error">
          {content.error}
        </p>
      )}
      {content.parsed?.problem && <p className="warning">{content.parsed.problem}</p>}
      {view !== 'source' && sanitized && (
        <RemoteContentBar
          count={sanitized.remote.length}
          allowed={allowRemote}
          sender={sender}
          senderTrusted={senderTrusted}
          loading={allowRemote && remote.loading}
          failed={allowRemote ? remote.failures.length + remoteFailures : 0}
          onLoadOnce={() => setAllowOnce(true)}
          onTrustSender={(trusted) => {
            if (sender) setTrustedSender(sender, trusted);
            if (!trusted) setAllowOnce(false);
            setTrustVersion((v) => v + 1);
          }}
        />
      )}
      {view === 'source' ? (
        <pre className="source" aria-label="Message source" tabIndex={0}>
          {content.source ? sourceText(content.source) : content.loading ? 'Loading…' : ''}
        </pre>
      ) : view === 'formatted' && srcDoc ? (
        <>
          {sanitized && sanitized.missingCid.length > 0 && (
            <p className="muted">
              {sanitized.missingCid.length === 1 ? 'One picture' : `${sanitized.missingCid.length} pictures`} in this message could not be
              found in it.
            </p>
          )}
          <MessageFrame
            srcDoc={srcDoc}
            onLink={setLink}
            onHover={setHover}
            onRemoteFailures={setRemoteFailures}
            {...(onFrameKey ? { onKey: onFrameKey } : {})}
          />
        </>
      ) : (
        <pre className="body-text" aria-label="Message text" tabIndex={0}>
          {plainText ?? (content.loading ? 'Loading…' : '')}
        </pre>
      )}
      <p className="link-hover" role="status" aria-live="polite">
        {hover ? `Link goes to ${hover.href}` : ''}
      </p>
      {content.parsed && <Attachments attachments={content.parsed.attachments} source={content.source} />}
      {link && <LinkDialog link={link} onClose={() => setLink(null)} />}
    </article>
  );
}
