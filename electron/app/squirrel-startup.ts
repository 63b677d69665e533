import { spawn } from 'node:child_process';
import { win32 } from 'node:path';

/**
 * Squirrel.Windows (the MakerSquirrel installer) runs the app once with a `--squirrel-*` flag after
 * installing, updating or before uninstalling, and expects it to create or remove the Start menu
 * and desktop shortcuts through Update.exe, then exit at once. This is what the small
 * `electron-squirrel-startup` package does, without the dependency.
 */
export type SquirrelAction = { kind: 'none' } | { kind: 'quit' } | { kind: 'run-then-quit'; cmd: string; args: string[] };

export const squirrelAction = (argv: readonly string[], platform: NodeJS.Platform, execPath: string): SquirrelAction => {
  const flag = argv[1];
  if (platform !== 'win32' || !flag?.startsWith('--squirrel-')) return { kind: 'none' };
  // Windows paths whatever platform evaluates this (the tests run on Linux).
  const updateExe = win32.resolve(execPath, '..', '..', 'Update.exe');
  const exe = win32.basename(execPath);
  switch (flag) {
    case '--squirrel-install':
    case '--squirrel-updated':
      return { kind: 'run-then-quit', cmd: updateExe, args: [`--createShortcut=${exe}`] };
    case '--squirrel-uninstall':
      return { kind: 'run-then-quit', cmd: updateExe, args: [`--removeShortcut=${exe}`] };
    case '--squirrel-firstrun':
      // The first normal start after installing: open as usual.
      return { kind: 'none' };
    default:
      // --squirrel-obsolete and anything newer: an old version being replaced; just exit.
      return { kind: 'quit' };
  }
};

/** Runs Update.exe and resolves when it is done (or failed to start), never rejecting. */
export const runSquirrelCommand = (cmd: string, args: string[]): Promise<void> =>
  new Promise((done) => {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
    child.once('error', () => done());
    child.once('close', () => done());
  });
