import { type Dispatch, type RefObject, useCallback, useEffect, useRef } from 'react';

import type { HomingDb } from '../../../store/db';
import type { StoredMessage } from '../../../store/rows';
import type { MailActions } from '../actions/use-mail-actions';
import { idsOfRange, type ListOrder, type ListSource } from '../list/list-source';
import { rangeBetween, type Selection, type SelectionAction } from '../list/selection';
import type { MessageListHandle } from '../MessageList';
import { commandForKey, isTypingTarget, type KeyLike, type ShortcutCommand } from './shortcuts';

export interface ShortcutDeps {
  db: HomingDb;
  source: ListSource | null;
  order: ListOrder;
  selection: Selection;
  dispatch: Dispatch<SelectionAction>;
  listRef: RefObject<MessageListHandle | null>;
  hidden: ReadonlySet<string>;
  /** The selected messages as stored now (read fresh: a key can follow a selection change at once). */
  selected(): Promise<StoredMessage[]>;
  actions: MailActions;
  /** A dialog is open: it handles its own keys. */
  blocked: boolean;
  focusReader(): void;
  focusSearch(): void;
  clearSearch(): boolean;
  openHelp(): void;
  openMove(): void;
  /** Opens the composer to answer or forward one message (features/compose/use-compose.tsx). */
  compose(mode: 'reply' | 'replyAll' | 'forward', message: StoredMessage): void;
  /** Conversation view: open or close the thread named `key`. */
  toggleThread?(key: string, expand: boolean): void;
}

/** Keys that activate the focused control must keep doing that. */
const isControl = (target: EventTarget | null) =>
  !!target &&
  typeof (target as Element).closest === 'function' &&
  !!(target as Element).closest('button, a[href], summary, [role="menuitem"], [role="separator"]');

/** The keyboard shortcuts (keyboard/shortcuts.ts) wired to the list, the selection and the actions. */
export const useShortcuts = (deps: ShortcutDeps) => {
  const ref = useRef(deps);
  ref.current = deps;

  const idAt = useCallback(async (index: number): Promise<string | undefined> => {
    const { listRef, db, source, order } = ref.current;
    const loaded = listRef.current?.rowAt(index);
    if (loaded) return loaded.id;
    if (!source) return undefined;
    return (await idsOfRange(db, source, order, index, index))[0];
  }, []);

  /** Moves the focus `delta` rows, skipping rows being moved/deleted; `extend` grows the selection. */
  const step = useCallback(
    async (delta: 1 | -1, extend = false, skip: ReadonlySet<string> = new Set()) => {
      const { listRef, selection, dispatch, hidden, db, source, order } = ref.current;
      const total = listRef.current?.total() ?? 0;
      if (total === 0 || !source) return false;
      let index = selection.focus ?? (delta > 0 ? -1 : total);
      for (let tries = 0; tries < 200; tries++) {
        index += delta;
        if (index < 0 || index >= total) return false;
        const id = await idAt(index);
        if (!id || hidden.has(id) || skip.has(id)) continue;
        if (extend) {
          const [from, to] = rangeBetween(selection.anchor ?? selection.focus ?? index, index);
          const ids = (await idsOfRange(db, source, order, from, to)).filter((x) => !hidden.has(x));
          dispatch({ type: 'range', index, id, ids, additive: false });
        } else {
          dispatch({ type: 'only', index, id });
        }
        listRef.current?.scrollToIndex(index);
        return true;
      }
      return false;
    },
    [idAt],
  );

  /** After rows leave the list, read the next one (or the previous one at the end). */
  const advancePast = useCallback(
    (ids: readonly string[]) => {
      const skip = new Set(ids);
      const { selection } = ref.current;
      if (!selection.focusId || !skip.has(selection.focusId)) return;
      void step(1, false, skip).then((moved) => {
        if (moved) return;
        return step(-1, false, skip).then((back) => {
          if (!back) ref.current.dispatch({ type: 'clear' });
        });
      });
    },
    [step],
  );

  const run = useCallback(
    async (command: ShortcutCommand) => {
      const d = ref.current;
      const { actions } = d;
      const selected = ['archive', 'delete', 'deleteForGood', 'flag', 'toggleRead', 'reply', 'replyAll', 'forward'].includes(command)
        ? await d.selected()
        : [];
      switch (command) {
        case 'next':
          return void (await step(1));
        case 'previous':
          return void (await step(-1));
        case 'extendNext':
          return void (await step(1, true));
        case 'extendPrevious':
          return void (await step(-1, true));
        case 'open':
          return d.focusReader();
        case 'expandThread':
        case 'collapseThread': {
          const index = d.selection.focus;
          const thread = index === null ? undefined : d.listRef.current?.threadAt(index);
          if (!thread || thread.count < 2 || !d.toggleThread) return;
          const expand = command === 'expandThread';
          if (thread.expanded === expand) return;
          // Collapsing from a message inside the thread puts the keyboard back on the thread's row.
          const head = d.listRef.current?.threadRowIndex(thread.key) ?? -1;
          const headRow = head >= 0 ? d.listRef.current?.rowAt(head) : undefined;
          if (!expand && headRow && head !== index) d.dispatch({ type: 'only', index: head, id: headRow.id });
          return d.toggleThread(thread.key, expand);
        }
        case 'reply':
        case 'replyAll':
        case 'forward': {
          const [one] = selected;
          if (selected.length !== 1 || !one) return actions.notify('Select one message to answer or forward it.');
          return d.compose(command, one);
        }
        case 'archive':
          if (actions.archive(selected)) advancePast(selected.map((m) => m.id));
          return;
        case 'delete':
        case 'deleteForGood':
          if (await actions.remove(selected, { permanent: command === 'deleteForGood' })) advancePast(selected.map((m) => m.id));
          return;
        case 'flag':
          return void actions.toggleFlag(selected);
        case 'toggleRead':
          return void actions.toggleSeen(selected);
        case 'move':
          return d.openMove();
        case 'undo':
          return actions.undo();
        case 'selectAll': {
          const total = d.listRef.current?.total() ?? 0;
          if (!d.source || total === 0) return;
          const ids = await idsOfRange(d.db, d.source, d.order, 0, Math.min(total, 100_000) - 1);
          return d.dispatch({ type: 'all', ids: ids.filter((id) => !d.hidden.has(id)) });
        }
        case 'search':
          return d.focusSearch();
        case 'help':
          return d.openHelp();
        case 'escape':
          if (!d.clearSearch()) d.dispatch({ type: 'clear' });
          return;
      }
    },
    [step, advancePast],
  );

  const handle = useCallback(
    (event: KeyboardEvent | KeyLike, target: EventTarget | null): boolean => {
      if (ref.current.blocked) return false;
      const command = commandForKey(event, isTypingTarget(target));
      if (!command) return false;
      if ((command === 'open' || command === 'escape') && isControl(target) && event.key !== 'Escape') return false;
      // Arrows belong to the control that has them (a splitter resizes, a select chooses).
      if ((command === 'expandThread' || command === 'collapseThread') && (isControl(target) || isTypingTarget(target))) return false;
      if (command === 'escape' && isTypingTarget(target) && !ref.current.clearSearch()) return false;
      void run(command);
      return true;
    },
    [run],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (handle(event, event.target)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [handle]);

  /** Keys pressed inside the message frame (its own document) get the same shortcuts. */
  const onFrameKey = useCallback(
    (event: KeyboardEvent) => {
      if (handle(event, null)) event.preventDefault();
    },
    [handle],
  );

  return { advancePast, onFrameKey };
};
