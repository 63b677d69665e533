import { describe, expect, it } from 'vitest';

import { DEFAULT_PANES, loadPanes, savePanes } from '../../../../../../renderer/features/mail/layout/panes';

const memory = () => {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
};

describe('pane widths', () => {
  it('are remembered, clamped to sane limits, and default when damaged', () => {
    const store = memory();
    expect(loadPanes(store)).toEqual(DEFAULT_PANES);
    savePanes({ sidebar: 300, list: 500 }, store);
    expect(loadPanes(store)).toEqual({ sidebar: 300, list: 500 });
    savePanes({ sidebar: 5, list: 99_999 }, store);
    expect(loadPanes(store)).toEqual({ sidebar: 180, list: 900 });
    store.setItem('homing.panes', '{not json');
    expect(loadPanes(store)).toEqual(DEFAULT_PANES);
  });
});
