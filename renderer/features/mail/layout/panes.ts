/** Widths of the folder and list panes, remembered in localStorage (a preference of this computer). */
export interface PaneWidths {
  sidebar: number;
  list: number;
}

export const DEFAULT_PANES: PaneWidths = { sidebar: 260, list: 420 };
const KEY = 'homing.panes';
export const LIMITS = { sidebar: [180, 480], list: [260, 900] } as const;

const clamp = (n: number, [min, max]: readonly [number, number]) => Math.min(max, Math.max(min, Math.round(n)));

export const clampPanes = (w: PaneWidths): PaneWidths => ({ sidebar: clamp(w.sidebar, LIMITS.sidebar), list: clamp(w.list, LIMITS.list) });

export const loadPanes = (store: Pick<Storage, 'getItem'> | null = safeStorage()): PaneWidths => {
  try {
    const raw = JSON.parse(store?.getItem(KEY) ?? 'null') as Partial<PaneWidths> | null;
    if (raw && typeof raw.sidebar === 'number' && typeof raw.list === 'number') return clampPanes({ sidebar: raw.sidebar, list: raw.list });
  } catch {
    // A damaged preference is not worth an error; start from the defaults.
  }
  return DEFAULT_PANES;
};

export const savePanes = (w: PaneWidths, store: Pick<Storage, 'setItem'> | null = safeStorage()): void => {
  try {
    store?.setItem(KEY, JSON.stringify(clampPanes(w)));
  } catch {
    // Storage full or disabled: the layout still works, it just is not remembered.
  }
};

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
