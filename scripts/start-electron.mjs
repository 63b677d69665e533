#!/usr/bin/env node
// `npm start`: the desktop app through `electron-forge start`, if Electron's binary is here or can
// be fetched. Since Electron 42 the npm package no longer downloads the binary at install time;
// `require('electron')` fetches it on first use and throws a stack trace when it cannot. This
// script checks first and, when the binary is missing and cannot be obtained, says so in three
// plain lines and points at the browser host instead.
//
// Environment:
//   HOMING_NO_ELECTRON_DOWNLOAD=1   never try to download (also honours ELECTRON_SKIP_BINARY_DOWNLOAD)
//   ELECTRON_OVERRIDE_DIST_PATH     use an Electron build from this folder (Electron's own variable)
//   ELECTRON_MIRROR                 where Electron's zip comes from (Electron's own variable)
import { spawn } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const DNS_TIMEOUT_MS = 5_000;
const DOWNLOAD_TIMEOUT_MS = 15 * 60_000;

const fail = (reason) => {
  process.stderr.write(
    [
      `Electron's binary is not installed on this machine and cannot be downloaded here${reason ? ` (${reason})` : ''}.`,
      'See Homing without it: `npm run demo` (browser host with a demo mail server) or `npm run start:browser`.',
      'For the desktop app, run `node node_modules/electron/install.js` where downloads work, or set ELECTRON_OVERRIDE_DIST_PATH.',
    ].join('\n') + '\n',
  );
  process.exit(1);
};

/** node_modules/electron, located without require('electron') (which would start a download). */
const electronDir = () => {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
};

/** The executable Electron's index.js would return, if it exists. Mirrors its lookup rules. */
const installedBinary = (dir) => {
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, relative || 'electron') : relative ? join(dir, 'dist', relative) : null;
  return candidate && existsSync(candidate) ? candidate : null;
};

/** @electron/get keeps downloaded zips in a per-user cache; a cached zip installs offline. */
const cachedZip = (version) => {
  const cacheRoot =
    process.env.electron_config_cache ||
    (process.platform === 'darwin'
      ? join(homedir(), 'Library', 'Caches', 'electron')
      : process.platform === 'win32'
        ? join(process.env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'electron', 'Cache')
        : join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'electron'));
  const name = `electron-v${version}-${process.platform}-${process.arch}.zip`;
  try {
    if (existsSync(join(cacheRoot, name))) return true;
    return readdirSync(cacheRoot, { withFileTypes: true }).some((d) => d.isDirectory() && existsSync(join(cacheRoot, d.name, name)));
  } catch {
    return false;
  }
};

/** Can a download plausibly work? A name that does not resolve fails in milliseconds, not minutes. */
const downloadReachable = async () => {
  const viaProxy = ['HTTPS_PROXY', 'https_proxy', 'GLOBAL_AGENT_HTTPS_PROXY', 'ELECTRON_GET_USE_PROXY'].some((v) => process.env[v]);
  if (viaProxy) return { ok: true };
  const mirror = process.env.ELECTRON_MIRROR || process.env.npm_config_electron_mirror || 'https://github.com/';
  let host;
  try {
    host = new URL(mirror).hostname;
  } catch {
    return { ok: false, reason: 'ELECTRON_MIRROR is not a URL' };
  }
  const timeout = new Promise((resolve) =>
    setTimeout(() => resolve({ ok: false, reason: `no answer from DNS for ${host}` }), DNS_TIMEOUT_MS).unref(),
  );
  const answer = lookup(host).then(
    () => ({ ok: true }),
    () => ({ ok: false, reason: `${host} is unreachable` }),
  );
  return Promise.race([answer, timeout]);
};

/** Electron's own installer, its stack trace kept out of the way; resolves to an error line or null. */
const runInstaller = (dir) =>
  new Promise((resolve) => {
    process.stdout.write("Fetching Electron's binary (once)…\n");
    const child = spawn(process.execPath, [join(dir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill(), DOWNLOAD_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve(err.message);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? null : stderr.split('\n').find((line) => line.trim()) || `installer exited with ${code}`);
    });
  });

const startForge = () => {
  const cli = require.resolve('@electron-forge/cli/dist/electron-forge.js');
  const child = spawn(process.execPath, [cli, 'start', ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
};

const main = async () => {
  const dir = electronDir();
  if (!dir) fail('the electron package is not installed; run npm install');
  if (installedBinary(dir)) return startForge();

  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  if (process.env.HOMING_NO_ELECTRON_DOWNLOAD || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) fail('downloading is switched off');
  if (!cachedZip(version)) {
    const reachable = await downloadReachable();
    if (!reachable.ok) fail(reachable.reason);
  }
  const error = await runInstaller(dir);
  if (error || !installedBinary(dir))
    fail(error ? error.replace(/^Error:\s*/, '').slice(0, 160) : 'the installer finished without a binary');
  return startForge();
};

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
