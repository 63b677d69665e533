import { describe, expect, it } from 'vitest';

import { squirrelAction } from '../../../electron/app/squirrel-startup';

const exe = 'C:\\Users\\ann\\AppData\\Local\\homing\\app-0.1.0\\homing.exe';

describe('Squirrel.Windows install events', () => {
  it('creates shortcuts after install and update, removes them on uninstall, via Update.exe', () => {
    for (const flag of ['--squirrel-install', '--squirrel-updated']) {
      const action = squirrelAction([exe, flag], 'win32', exe);
      expect(action).toMatchObject({ kind: 'run-then-quit', args: ['--createShortcut=homing.exe'] });
      // Update.exe sits one level above the versioned app folder.
      expect((action as { cmd: string }).cmd).toBe('C:\\Users\\ann\\AppData\\Local\\homing\\Update.exe');
    }
    expect(squirrelAction([exe, '--squirrel-uninstall'], 'win32', exe)).toMatchObject({
      kind: 'run-then-quit',
      args: ['--removeShortcut=homing.exe'],
    });
  });

  it('quits on obsolete, starts normally on firstrun, and ignores everything off Windows', () => {
    expect(squirrelAction([exe, '--squirrel-obsolete'], 'win32', exe)).toEqual({ kind: 'quit' });
    expect(squirrelAction([exe, '--squirrel-firstrun'], 'win32', exe)).toEqual({ kind: 'none' });
    expect(squirrelAction([exe], 'win32', exe)).toEqual({ kind: 'none' });
    expect(squirrelAction(['/usr/bin/homing', '--squirrel-install'], 'linux', '/usr/bin/homing')).toEqual({ kind: 'none' });
  });
});
