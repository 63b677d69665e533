/**
 * Which messages are selected in the list: a small pure reducer (transient UI state, STYLE.md).
 * `focus` is the row the keyboard is on and the one the reading pane shows when it is the only
 * one selected; `anchor` is where a shift-range starts.
 */
export interface Selection {
  ids: ReadonlySet<string>;
  anchor: number | null;
  focus: number | null;
  focusId: string | null;
}

export type SelectionAction =
  /** Plain click, Enter, j/k: this row alone. */
  | { type: 'only'; index: number; id: string }
  /** Ctrl/Cmd-click: add or remove this row, keep the rest. */
  | { type: 'toggle'; index: number; id: string }
  /** Shift-click: `ids` are the rows from the anchor to `index`, resolved by the caller. */
  | { type: 'range'; index: number; id: string; ids: readonly string[]; additive: boolean }
  | { type: 'all'; ids: readonly string[] }
  /** Rows that left the list (moved, deleted). */
  | { type: 'remove'; ids: readonly string[] }
  | { type: 'clear' }
  /** A message opened from outside the list (a server search hit): it has no list index. */
  | { type: 'open'; id: string };

export const emptySelection: Selection = { ids: new Set(), anchor: null, focus: null, focusId: null };

export const selectionReducer = (state: Selection, action: SelectionAction): Selection => {
  switch (action.type) {
    case 'only':
      return { ids: new Set([action.id]), anchor: action.index, focus: action.index, focusId: action.id };
    case 'toggle': {
      const ids = new Set(state.ids);
      if (ids.has(action.id)) ids.delete(action.id);
      else ids.add(action.id);
      return { ids, anchor: action.index, focus: action.index, focusId: ids.has(action.id) ? action.id : ([...ids].pop() ?? null) };
    }
    case 'range': {
      const ids = new Set(action.additive ? state.ids : []);
      for (const id of action.ids) ids.add(id);
      ids.add(action.id);
      return { ids, anchor: state.anchor ?? action.index, focus: action.index, focusId: action.id };
    }
    case 'all':
      return { ...state, ids: new Set(action.ids) };
    case 'remove': {
      const gone = new Set(action.ids);
      const ids = new Set([...state.ids].filter((id) => !gone.has(id)));
      const focusGone = state.focusId !== null && gone.has(state.focusId);
      return { ids, anchor: state.anchor, focus: state.focus, focusId: focusGone ? null : state.focusId };
    }
    case 'clear':
      return emptySelection;
    case 'open':
      return { ids: new Set([action.id]), anchor: null, focus: null, focusId: action.id };
  }
};

/** The message the reading pane shows: the focused one when exactly one is selected. */
export const openMessageId = (selection: Selection): string | null =>
  selection.ids.size === 1 && selection.focusId && selection.ids.has(selection.focusId) ? selection.focusId : null;

/** Inclusive index range between anchor and target. */
export const rangeBetween = (anchor: number | null, index: number): [number, number] =>
  anchor === null ? [index, index] : [Math.min(anchor, index), Math.max(anchor, index)];
