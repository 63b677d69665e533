import { describe, expect, it } from 'vitest';

import { emptySelection, openMessageId, rangeBetween, selectionReducer } from '../../../../../../renderer/features/mail/list/selection';

describe('selection', () => {
  it('click selects one, ctrl-click toggles, shift-click takes the range from the anchor', () => {
    let s = selectionReducer(emptySelection, { type: 'only', index: 2, id: 'c' });
    expect([...s.ids]).toEqual(['c']);
    expect(openMessageId(s)).toBe('c');
    s = selectionReducer(s, { type: 'toggle', index: 5, id: 'f' });
    expect([...s.ids].sort()).toEqual(['c', 'f']);
    expect(openMessageId(s)).toBeNull();
    expect(rangeBetween(s.anchor, 3)).toEqual([3, 5]);
    s = selectionReducer(s, { type: 'range', index: 3, id: 'd', ids: ['d', 'e', 'f'], additive: false });
    expect([...s.ids].sort()).toEqual(['d', 'e', 'f']);
    expect(s.anchor).toBe(5);
    s = selectionReducer(s, { type: 'toggle', index: 5, id: 'f' });
    expect([...s.ids].sort()).toEqual(['d', 'e']);
    s = selectionReducer(s, { type: 'range', index: 0, id: 'a', ids: ['a', 'b'], additive: true });
    expect([...s.ids].sort()).toEqual(['a', 'b', 'd', 'e']);
  });

  it('drops rows that left the list, and the reading pane with them', () => {
    let s = selectionReducer(emptySelection, { type: 'only', index: 0, id: 'a' });
    s = selectionReducer(s, { type: 'remove', ids: ['a'] });
    expect(s.ids.size).toBe(0);
    expect(openMessageId(s)).toBeNull();
    expect(selectionReducer(s, { type: 'clear' })).toBe(emptySelection);
    expect(rangeBetween(null, 4)).toEqual([4, 4]);
  });

  it('opens a message that is not in the list (a server search hit) without a list index', () => {
    const s = selectionReducer(selectionReducer(emptySelection, { type: 'only', index: 4, id: 'x' }), { type: 'open', id: 'srv' });
    expect([...s.ids]).toEqual(['srv']);
    expect(openMessageId(s)).toBe('srv');
    expect(s.focus).toBeNull();
    expect(s.anchor).toBeNull();
  });
});
