import { useVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { useRef } from 'react';

import { useServices } from '../../app/app-context';
import { countMessages } from '../../store/queries/count-messages';
import { listMessagePage } from '../../store/queries/list-message-page';
import type { StoredMessage } from '../../store/rows';
import { locationBadge } from '../where-mail-lives/wording';

const ROW_HEIGHT = 52;
const PAGE = 200;

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const sender = (m: StoredMessage) => m.from[0]?.name || m.from[0]?.address || '(no sender)';

/** A virtual list: only the visible page of rows is read from the store and rendered. */
export function MessageList({ folderId, selected, onOpen }: { folderId: string; selected: string | null; onOpen(id: string): void }) {
  const { db } = useServices();
  const parentRef = useRef<HTMLDivElement>(null);
  const total = useLiveQuery(() => countMessages(db, folderId), [db, folderId]) ?? 0;
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => parentRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const pageStart = Math.floor(first / PAGE) * PAGE;
  const rows =
    useLiveQuery(() => listMessagePage(db, folderId, { sort: 'date', desc: true, offset: pageStart, limit: PAGE * 2 }), [db, folderId, pageStart]) ?? [];

  if (total === 0) return <p className="empty">No messages in this folder.</p>;
  return (
    <div ref={parentRef} className="message-list" role="listbox" aria-label="Messages" aria-rowcount={total}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const m = rows[item.index - pageStart];
          return (
            <div
              key={item.key}
              role="option"
              aria-selected={m?.id === selected}
              aria-label={m ? `${m.seen ? '' : 'Unread, '}${sender(m)}, ${m.subject || '(no subject)'}` : 'Loading'}
              className={`row${m?.seen === false ? ' unread' : ''}${m?.id === selected ? ' selected' : ''}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
              onClick={() => m && onOpen(m.id)}
              tabIndex={-1}
            >
              {m && (
                <>
                  <span className="from">{sender(m)}</span>
                  <span className="date">{dayFormat.format(m.date)}</span>
                  <span className="subject">
                    {m.flagged && <span aria-label="Flagged">★ </span>}
                    {m.hasAttachments && <span aria-label="Has attachments">📎 </span>}
                    {m.subject || '(no subject)'}
                  </span>
                  <span className={`badge badge-${m.location.replace('+', '-')}`}>{locationBadge(m.location)}</span>
                </>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
