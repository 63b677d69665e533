import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const script = join(root, 'scripts/start-electron.mjs');

/** Is Electron's binary really installed here? (Found the way electron/index.js finds it.) */
const binaryInstalled = (() => {
  const dir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  const pathFile = join(dir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()));
})();

const emptyDist = mkdtempSync(join(tmpdir(), 'homing-no-electron-'));
afterAll(() => rmSync(emptyDist, { recursive: true, force: true }));

/** Runs `npm start`'s script in a child process; proxies removed so nothing is tried through one. */
const run = (env: Record<string, string>) => {
  const base = { ...process.env };
  // CI installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1; each case sets the switches it is about itself.
  for (const k of [
    'HTTPS_PROXY',
    'https_proxy',
    'GLOBAL_AGENT_HTTPS_PROXY',
    'ELECTRON_GET_USE_PROXY',
    'ELECTRON_OVERRIDE_DIST_PATH',
    'ELECTRON_SKIP_BINARY_DOWNLOAD',
    'HOMING_NO_ELECTRON_DOWNLOAD',
  ])
    delete base[k];
  const r = spawnSync(process.execPath, [script], { cwd: root, env: { ...base, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};

const expectClearMessage = (out: string) => {
  const lines = out.trim().split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/^Electron's binary is not installed on this machine/);
  expect(lines[1]).toContain('npm run demo');
  expect(lines[1]).toContain('npm run start:browser');
  // No stack trace, no Node error dump.
  expect(out).not.toMatch(/^\s+at /m);
  expect(out).not.toMatch(/Error:|node:internal/);
};

describe('scripts/start-electron.mjs (npm start)', () => {
  it.skipIf(binaryInstalled)('on this machine, where the binary is absent: three clear lines and exit 1', () => {
    // Downloads switched off: this test must never fetch Electron, wherever it runs.
    const { status, out } = run({ HOMING_NO_ELECTRON_DOWNLOAD: '1' });
    expect(status).toBe(1);
    expectClearMessage(out);
  });

  it('with no binary at ELECTRON_OVERRIDE_DIST_PATH and an unreachable download host: exits 1 quickly, no download', () => {
    // `.invalid` never resolves (RFC 2606), so the reachability check fails without any request.
    const started = Date.now();
    // An empty download cache too, so a cached zip elsewhere cannot turn this into an install.
    const { status, out } = run({
      ELECTRON_OVERRIDE_DIST_PATH: emptyDist,
      electron_config_cache: emptyDist,
      ELECTRON_MIRROR: 'https://electron-mirror.homing-test.invalid/',
    });
    expect(status).toBe(1);
    expectClearMessage(out);
    // Either the lookup fails or (on a loaded machine) it does not answer in time; both name the host.
    expect(out).toMatch(
      /(electron-mirror\.homing-test\.invalid is unreachable|no answer from DNS for electron-mirror\.homing-test\.invalid)/,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
