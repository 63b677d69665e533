import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where our own renderer lives: the Vite dev server during `electron-forge start`, or the built
 * `index.html` on disk in a packaged app. Every trust decision (IPC sender, navigation, network
 * requests) compares against this one value, never against a pattern.
 */
export interface AppLocation {
  /** `http://localhost:5173` under `electron-forge start`; null when packaged. */
  devServerUrl: string | null;
  /** Absolute path of the built renderer's index.html (used when devServerUrl is null). */
  indexFile: string;
}

/** The Forge-defined globals, read defensively so unit tests (where they do not exist) can run. */
const forgeDevServerUrl = (): string | null =>
  typeof MAIN_WINDOW_VITE_DEV_SERVER_URL === 'string' && MAIN_WINDOW_VITE_DEV_SERVER_URL !== '' ? MAIN_WINDOW_VITE_DEV_SERVER_URL : null;
const forgeRendererName = (): string =>
  typeof MAIN_WINDOW_VITE_NAME === 'string' && MAIN_WINDOW_VITE_NAME !== '' ? MAIN_WINDOW_VITE_NAME : 'main_window';

/**
 * `buildDir` is the folder of the bundled main.js (`.vite/build`); Forge puts the renderer next to
 * it in `.vite/renderer/<name>/`.
 */
export const resolveAppLocation = (buildDir: string): AppLocation => ({
  devServerUrl: forgeDevServerUrl(),
  indexFile: join(buildDir, '..', 'renderer', forgeRendererName(), 'index.html'),
});

/** The folder of the current module file (ESM has no __dirname). */
export const moduleDir = (importMetaUrl: string): string => dirname(fileURLToPath(importMetaUrl));

const parse = (url: string): URL | null => {
  try {
    return new URL(url);
  } catch {
    return null;
  }
};

/** The URL a window loads. */
export const appEntryUrl = (loc: AppLocation): string => loc.devServerUrl ?? pathToFileURL(loc.indexFile).href;

/** The renderer's origin as CSP and `blob:` URLs spell it; `null` for a file:// page. */
export const appOrigin = (loc: AppLocation): string => (loc.devServerUrl ? new URL(loc.devServerUrl).origin : 'null');

/**
 * Is `url` our own renderer page? In development: same origin as the dev server (any path, since
 * Vite serves modules from it). Packaged: exactly our index.html — other file:// URLs are the
 * whole disk, so a prefix or "any file:" rule would trust far too much. Query and fragment are
 * ignored (the UI may route with them).
 */
export const isAppUrl = (url: string, loc: AppLocation): boolean => {
  const u = parse(url);
  if (!u) return false;
  if (loc.devServerUrl) {
    const dev = new URL(loc.devServerUrl);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === dev.origin;
  }
  if (u.protocol !== 'file:') return false;
  u.hash = '';
  u.search = '';
  return u.href === pathToFileURL(loc.indexFile).href;
};

/**
 * Is `url` one of the renderer's own files (script, style, worker, image)? Packaged: a file:// URL
 * inside the renderer folder. Development: anything from the dev server's origin.
 */
export const isAppResourceUrl = (url: string, loc: AppLocation): boolean => {
  const u = parse(url);
  if (!u) return false;
  if (loc.devServerUrl) return isAppUrl(url, loc);
  if (u.protocol !== 'file:') return false;
  let path: string;
  try {
    path = fileURLToPath(u);
  } catch {
    return false;
  }
  const rel = relative(dirname(loc.indexFile), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/**
 * What a subframe of our page may show: the reader's sandboxed mail frame is `about:srcdoc`,
 * `about:blank` or a `blob:` URL our page created. A link inside mail must never navigate it to
 * anything else (invariant 6).
 */
export const isAllowedSubframeUrl = (url: string, loc: AppLocation): boolean => {
  if (url === 'about:blank' || url === 'about:srcdoc') return true;
  if (url.startsWith('blob:')) {
    const inner = url.slice('blob:'.length);
    const origin = appOrigin(loc);
    return origin === 'null' ? inner.startsWith('null/') : inner.startsWith(`${origin}/`);
  }
  return isAppUrl(url, loc);
};
