import { describe, expect, it } from 'vitest';

import { commandForKey, SHORTCUTS } from '../../../../../../renderer/features/mail/keyboard/shortcuts';

const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('shortcuts', () => {
  it('maps the keys the issue asks for', () => {
    expect(commandForKey(key('j'))).toBe('next');
    expect(commandForKey(key('k'))).toBe('previous');
    expect(commandForKey(key('J', { shiftKey: true }))).toBe('extendNext');
    expect(commandForKey(key('Enter'))).toBe('open');
    expect(commandForKey(key('r'))).toBe('reply');
    expect(commandForKey(key('a'))).toBe('replyAll');
    expect(commandForKey(key('f'))).toBe('forward');
    expect(commandForKey(key('e'))).toBe('archive');
    expect(commandForKey(key('#', { shiftKey: true }))).toBe('delete');
    expect(commandForKey(key('Delete', { shiftKey: true }))).toBe('deleteForGood');
    expect(commandForKey(key('s'))).toBe('flag');
    expect(commandForKey(key('u'))).toBe('toggleRead');
    expect(commandForKey(key('/'))).toBe('search');
    expect(commandForKey(key('?', { shiftKey: true }))).toBe('help');
    expect(commandForKey(key('a', { ctrlKey: true }))).toBe('selectAll');
    expect(commandForKey(key('z', { metaKey: true }))).toBe('undo');
    expect(commandForKey(key('ArrowRight'))).toBe('expandThread');
    expect(commandForKey(key('ArrowLeft'))).toBe('collapseThread');
    expect(commandForKey(key('ArrowLeft', { shiftKey: true }))).toBeNull();
    expect(commandForKey(key('ArrowRight'), true)).toBeNull();
  });

  it('stays out of the way while typing, except Escape', () => {
    expect(commandForKey(key('j'), true)).toBeNull();
    expect(commandForKey(key('Escape'), true)).toBe('escape');
    expect(commandForKey(key('j', { altKey: true }))).toBeNull();
    expect(commandForKey(key('c', { ctrlKey: true }))).toBeNull();
  });

  it('lists every command once in the help, none of them unavailable now that the composer exists', () => {
    expect(new Set(SHORTCUTS.map((s) => s.command)).size).toBe(SHORTCUTS.length);
    expect(SHORTCUTS.filter((s) => s.unavailable).map((s) => s.command)).toEqual([]);
  });
});
