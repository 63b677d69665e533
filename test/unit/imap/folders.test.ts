import type { ListResponse } from 'imapflow';
import { describe, expect, it } from 'vitest';

import { folderSchema } from '../../../electron/contract';
import { isSelectable, roleOf, syncOrderOf, toFolder } from '../../../electron/engine/imap/folders';

const entry = (path: string, over: Partial<ListResponse> = {}): ListResponse => {
  const parts = path.split('/');
  return {
    path,
    pathAsListed: path,
    name: parts[parts.length - 1] as string,
    delimiter: '/',
    parent: parts.slice(0, -1),
    parentPath: parts.slice(0, -1).join('/'),
    flags: new Set(),
    listed: true,
    subscribed: true,
    ...over,
  };
};

describe('folders', () => {
  it('takes roles from SPECIAL-USE, and INBOX by name', () => {
    expect(roleOf(entry('INBOX'))).toBe('inbox');
    expect(roleOf(entry('inbox'))).toBe('inbox');
    expect(roleOf(entry('Gesendet', { specialUse: '\\Sent' }))).toBe('sent');
    expect(roleOf(entry('[Gmail]/All Mail', { specialUse: '\\All' }))).toBe('all');
    expect(roleOf(entry('Müll', { specialUse: '\\Trash' }))).toBe('trash');
    expect(roleOf(entry('Starred', { specialUse: '\\Flagged' }))).toBe('custom');
    expect(roleOf(entry('Projects'))).toBe('custom');
  });

  it('keeps the hierarchy and validates as a Folder', () => {
    const f = toFolder('acc', entry('Projects/2025/Homing', { subscribed: false }));
    expect(folderSchema.parse(f)).toEqual(f);
    expect(f).toEqual({
      id: 'acc/Projects/2025/Homing',
      accountId: 'acc',
      path: 'Projects/2025/Homing',
      name: 'Homing',
      parentPath: 'Projects/2025',
      role: 'custom',
      local: false,
      subscribed: false,
    });
    expect(toFolder('acc', entry('INBOX')).parentPath).toBeNull();
    expect(toFolder('acc', entry('INBOX')).name).toBe('Inbox');
  });

  it('never syncs container-only folders', () => {
    expect(isSelectable(entry('a', { flags: new Set(['\\Noselect']) }))).toBe(false);
    expect(isSelectable(entry('a', { flags: new Set(['\\NonExistent']) }))).toBe(false);
    expect(isSelectable(entry('a', { flags: new Set(['\\HasChildren']) }))).toBe(true);
  });

  it('syncs INBOX first and All Mail last', () => {
    const folders = [
      toFolder('a', entry('Archive/All', { specialUse: '\\All' })),
      toFolder('a', entry('Trash', { specialUse: '\\Trash' })),
      toFolder('a', entry('Zeta')),
      toFolder('a', entry('INBOX')),
      toFolder('a', entry('Sent', { specialUse: '\\Sent' })),
      toFolder('a', entry('Alpha')),
    ];
    expect(syncOrderOf(folders).map((f) => f.path)).toEqual(['INBOX', 'Sent', 'Alpha', 'Zeta', 'Trash', 'Archive/All']);
  });
});
