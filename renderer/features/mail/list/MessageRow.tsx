import type { DragEvent, MouseEvent } from 'react';
import { memo } from 'react';

import type { StoredMessage } from '../../../store/rows';
import { formatBytes } from '../../storage/format-bytes';
import { LocationBadge } from '../../where-mail-lives/LocationBadge';
import { locationBadge } from '../../where-mail-lives/wording';
import type { RowThread } from '../threads/thread-rows';

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export const senderOf = (m: Pick<StoredMessage, 'from'>): string => m.from[0]?.name || m.from[0]?.address || '(no sender)';

const shortDate = (ms: number, now = Date.now()): string =>
  now - ms < 20 * 3600_000 && new Date(ms).toDateString() === new Date(now).toDateString() ? timeFormat.format(ms) : dayFormat.format(ms);

/** What a screen reader says for a row: state first, then who and what, then where it lives. */
export const rowLabel = (m: StoredMessage, thread?: RowThread): string =>
  [
    thread && thread.depth === 0 && thread.count > 1
      ? `Conversation of ${thread.count} messages${thread.unread ? `, ${thread.unread} unread` : ''}`
      : null,
    m.seen ? null : 'Unread',
    m.flagged ? 'Flagged' : null,
    senderOf(m),
    m.subject || '(no subject)',
    dayFormat.format(m.date),
    m.hasAttachments ? 'has attachments' : null,
    locationBadge(m.location),
  ]
    .filter(Boolean)
    .join(', ');

export const MessageRow = memo(function MessageRow({
  message: m,
  index,
  top,
  height,
  selected,
  focused,
  onRowClick,
  onRowDragStart,
  onRowDoubleClick,
  thread,
  onToggleThread,
}: {
  message: StoredMessage | undefined;
  index: number;
  top: number;
  height: number;
  selected: boolean;
  focused: boolean;
  onRowClick(event: MouseEvent, index: number, message: StoredMessage): void;
  onRowDragStart(event: DragEvent, index: number, message: StoredMessage): void;
  onRowDoubleClick(message: StoredMessage): void;
  /** Conversation view: the row's place in its thread. */
  thread?: RowThread | undefined;
  onToggleThread?(key: string, expand: boolean): void;
}) {
  const isHead = !!thread && thread.depth === 0 && thread.count > 1;
  return (
    <div
      role="option"
      id={`row-${index}`}
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-label={m ? rowLabel(m, thread) : 'Loading'}
      aria-expanded={isHead ? thread.expanded : undefined}
      className={`row${m && !m.seen ? ' unread' : ''}${selected ? ' selected' : ''}${focused ? ' focused' : ''}${thread?.depth === 1 ? ' thread-child' : ''}`}
      style={{ height, transform: `translateY(${top}px)`, visibility: height === 0 ? 'hidden' : undefined }}
      draggable={!!m}
      onClick={(e) => m && onRowClick(e, index, m)}
      onDoubleClick={() => m && onRowDoubleClick(m)}
      onDragStart={(e) => m && onRowDragStart(e, index, m)}
      data-id={m?.id}
    >
      {m && (
        <>
          <span className={isHead ? 'from with-count' : 'from'}>
            {!m.seen && <span className="unread-dot" aria-hidden="true" />}
            {isHead ? <span className="from-name">{senderOf(m)}</span> : senderOf(m)}
            {isHead && (
              <button
                type="button"
                className="thread-count"
                tabIndex={-1}
                aria-label={`${thread.expanded ? 'Collapse' : 'Expand'} the conversation of ${thread.count} messages`}
                aria-keyshortcuts={thread.expanded ? 'ArrowLeft' : 'ArrowRight'}
                onClick={(e) => {
                  // The row's own click would select it; the count only opens or closes the thread.
                  e.stopPropagation();
                  onToggleThread?.(thread.key, !thread.expanded);
                }}
              >
                {thread.count}
                <span aria-hidden="true">{thread.expanded ? ' ▾' : ' ▸'}</span>
              </button>
            )}
          </span>
          <span className="date">{shortDate(m.date)}</span>
          <span className="subject">
            {m.flagged && (
              <span className="flag" aria-hidden="true">
                ★{' '}
              </span>
            )}
            {m.hasAttachments && (
              <span className="clip" aria-hidden="true">
                📎{' '}
              </span>
            )}
            {m.subject || '(no subject)'}
          </span>
          <span className="meta">
            <span className="size">{formatBytes(m.size)}</span>
            <LocationBadge location={m.location} compact />
          </span>
        </>
      )}
    </div>
  );
});
