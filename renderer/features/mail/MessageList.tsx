import { useVirtualizer } from '@tanstack/react-virtual';
import { type DragEvent, forwardRef, type MouseEvent, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';

import { useServices } from '../../app/app-context';
import type { MessageSort } from '../../store/queries/list-message-page';
import type { StoredMessage } from '../../store/rows';
import { idsOfRange, type ListOrder, type ListSource, sortable, sourceKey } from './list/list-source';
import { MessageRow } from './list/MessageRow';
import { rangeBetween, type Selection, type SelectionAction } from './list/selection';
import { useListData } from './list/use-list-data';
import type { RowThread } from './threads/thread-rows';

export const ROW_HEIGHT = 52;
/** Rows per half window: two halves cover ~10 screens of 52 px rows around the viewport. */
const PAGE = 100;
/** Drag payload type: the ids of the dragged messages, JSON. */
export const DRAG_TYPE = 'application/x-homing-messages';

export interface MessageListHandle {
  scrollToIndex(index: number): void;
  /** The row at a list index, if its window is loaded. */
  rowAt(index: number): StoredMessage | undefined;
  total(): number;
  focus(): void;
  /** Conversation view: the thread of the row at a list index. */
  threadAt(index: number): RowThread | undefined;
  /** Conversation view: the list index of a thread's own row. */
  threadRowIndex(key: string): number;
}

const SORTS: { sort: MessageSort; label: string; asc: string; desc: string }[] = [
  { sort: 'date', label: 'Date', asc: 'oldest first', desc: 'newest first' },
  { sort: 'from', label: 'Sender', asc: 'A to Z', desc: 'Z to A' },
  { sort: 'subject', label: 'Subject', asc: 'A to Z', desc: 'Z to A' },
  { sort: 'size', label: 'Size', asc: 'smallest first', desc: 'largest first' },
];

/**
 * The message list: virtual, so a folder of 100,000 messages costs one index count and one window
 * of rows (list-source.ts). Rows being moved or deleted (still undoable) collapse to nothing
 * without changing any index.
 */
export const MessageList = forwardRef<
  MessageListHandle,
  {
    source: ListSource;
    order: ListOrder;
    onOrder(order: ListOrder): void;
    selection: Selection;
    onSelect(action: SelectionAction): void;
    pending: ReadonlySet<string>;
    onOpen(id: string): void;
    /** The list's length once known; `more` while a search is still reading past its first page. */
    onTotal?(total: number | undefined, more: boolean): void;
    emptyText?: string;
    /** Conversation view: open or close a thread; widen the window of threaded messages. */
    onToggleThread?(key: string, expand: boolean): void;
    onOlderThreads?(): void;
  }
>(function MessageList(
  { source, order, onOrder, selection, onSelect, pending, onOpen, onTotal, emptyText, onToggleThread, onOlderThreads },
  ref,
) {
  const { db } = useServices();
  const parentRef = useRef<HTMLDivElement>(null);
  const [pageStart, setPageStart] = useState(0);
  const data = useListData(db, source, order, pageStart, PAGE * 2);
  // Until the folder is counted (a count walks the whole index in Chromium), the loaded window
  // stands in for it, so the first rows paint without waiting for the count.
  const total = data.total ?? data.rowsStart + data.rows.length;
  useEffect(() => onTotal?.(data.total, data.more), [onTotal, data.total, data.more]);
  const rowAt = useCallback((index: number) => data.rows[index - data.rowsStart], [data.rows, data.rowsStart]);
  const rowAtRef = useRef(rowAt);
  rowAtRef.current = rowAt;
  const pendingRef = useRef(pending);
  pendingRef.current = pending;

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => parentRef.current,
    estimateSize: (index) => {
      const row = rowAtRef.current(index);
      return row && pendingRef.current.has(row.id) ? 0 : ROW_HEIGHT;
    },
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  // A window of 2 × PAGE rows, placed so the first visible row sits 100–300 rows into it: scrolling
  // either way has a page of margin before the next window is read.
  const wantedStart = Math.max(0, Math.floor((first - PAGE / 2) / PAGE) * PAGE);

  useEffect(() => {
    if (wantedStart !== pageStart && (first < pageStart || first + items.length > pageStart + PAGE * 2)) setPageStart(wantedStart);
  }, [wantedStart, pageStart, first, items.length]);

  // A new folder or order starts at the top.
  const key = `${sourceKey(source)}|${order.sort}|${order.desc}`;
  useEffect(() => {
    setPageStart(0);
    if (parentRef.current) parentRef.current.scrollTop = 0;
  }, [key]);

  // Pending rows collapse; sizes depend on which rows are loaded, so re-measure when either changes.
  const pendingKey = [...pending].join('|');
  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, pendingKey, data.rows]);

  useImperativeHandle(
    ref,
    () => ({
      scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
      rowAt: (index) => rowAtRef.current(index),
      total: () => total,
      focus: () => parentRef.current?.focus(),
      threadAt: (index) => {
        const row = rowAtRef.current(index);
        return row ? data.threads?.get(row.id) : undefined;
      },
      threadRowIndex: (key) => data.rows.findIndex((r) => data.threads?.get(r.id)?.key === key && data.threads.get(r.id)?.depth === 0),
    }),
    [virtualizer, total, data.threads, data.rows],
  );

  const onRowClick = useCallback(
    (event: MouseEvent, index: number, message: StoredMessage) => {
      if (event.shiftKey) {
        const [from, to] = rangeBetween(selection.anchor, index);
        const additive = event.ctrlKey || event.metaKey;
        void idsOfRange(db, source, order, from, to).then((ids) => onSelect({ type: 'range', index, id: message.id, ids, additive }));
      } else if (event.ctrlKey || event.metaKey) {
        onSelect({ type: 'toggle', index, id: message.id });
      } else {
        onSelect({ type: 'only', index, id: message.id });
      }
    },
    [db, source, order, selection.anchor, onSelect],
  );

  const onRowDragStart = useCallback(
    (event: DragEvent, index: number, message: StoredMessage) => {
      // Dragging an unselected row drags that row alone, as in every mail client.
      const ids = selection.ids.has(message.id) ? [...selection.ids] : [message.id];
      if (!selection.ids.has(message.id)) onSelect({ type: 'only', index, id: message.id });
      event.dataTransfer.setData(DRAG_TYPE, JSON.stringify(ids));
      event.dataTransfer.setData('text/plain', ids.length === 1 ? message.subject : `${ids.length} messages`);
      event.dataTransfer.effectAllowed = 'move';
    },
    [selection.ids, onSelect],
  );

  const onRowDoubleClick = useCallback((message: StoredMessage) => onOpen(message.id), [onOpen]);

  const canSort = sortable(source);
  return (
    <div className="message-list-wrap">
      {canSort && (
        <div className="sort-bar" role="group" aria-label="Sort messages">
          <span className="muted" aria-hidden="true">
            Sort:
          </span>
          {SORTS.map((s) => {
            const active = order.sort === s.sort;
            const nextDesc = active ? !order.desc : s.sort === 'date' || s.sort === 'size';
            return (
              <button
                key={s.sort}
                type="button"
                className={`small sort${active ? ' active' : ''}`}
                aria-pressed={active}
                aria-label={`Sort by ${s.label.toLowerCase()}${active ? `, ${order.desc ? s.desc : s.asc}` : ''}`}
                onClick={() => onOrder({ sort: s.sort, desc: nextDesc })}
              >
                {s.label}
                {active && <span aria-hidden="true">{order.desc ? ' ▼' : ' ▲'}</span>}
              </button>
            );
          })}
        </div>
      )}
      {data.total === 0 ? (
        <p className="empty">{emptyText ?? 'No messages in this folder.'}</p>
      ) : (
        <div
          ref={parentRef}
          className="message-list"
          role="listbox"
          aria-label="Messages"
          aria-multiselectable="true"
          aria-rowcount={data.total === undefined ? undefined : total}
          aria-activedescendant={selection.focus !== null ? `row-${selection.focus}` : undefined}
          aria-busy={data.total === undefined}
          tabIndex={0}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const m = rowAt(item.index);
              return (
                <MessageRow
                  key={m?.id ?? `i${item.index}`}
                  message={m}
                  index={item.index}
                  top={item.start}
                  height={item.size}
                  selected={!!m && selection.ids.has(m.id)}
                  focused={selection.focus === item.index}
                  onRowClick={onRowClick}
                  onRowDragStart={onRowDragStart}
                  onRowDoubleClick={onRowDoubleClick}
                  thread={m ? data.threads?.get(m.id) : undefined}
                  {...(onToggleThread ? { onToggleThread } : {})}
                />
              );
            })}
          </div>
        </div>
      )}
      {data.olderExist && onOlderThreads && (
        <button type="button" className="small older-threads" onClick={onOlderThreads}>
          Show older conversations
        </button>
      )}
    </div>
  );
});
