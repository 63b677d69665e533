/**
 * The renderer's Content-Security-Policy (invariant 6), as a pure function so tests assert it and
 * the renderer build can put the same policy in a <meta> tag for the packaged file:// page
 * (Electron's docs: header delivery is not guaranteed for file://).
 *
 * - Nothing is allowed unless listed (`default-src 'none'`); no remote origin is listed anywhere.
 * - Scripts only from our own files. Mail HTML is rendered in a sandboxed iframe without
 *   `allow-scripts`; `script-src` is the second wall should the sanitizer ever miss something.
 * - Inline styles are allowed: sanitized mail HTML keeps its `style` attributes.
 * - Images: our files, data: and blob: (the reader turns cid: parts, and the remote images the
 *   user allowed, which the engine fetched with `remote:fetch`, into blob: URLs). No http(s):
 *   the window itself never loads remote content; it is refused here AND at the network layer
 *   (session-policy.ts).
 * - Frames: our page, blob: and about:srcdoc/blank documents (the mail frame).
 * - connect-src 'self': the page talks to the engine over IPC, never over the network.
 * - Workers from our own files or blob: (the store writer runs Dexie in a Web Worker).
 */
export interface CspOptions {
  /** The Vite dev server's URL under `electron-forge start`; null/undefined when packaged. */
  devServerUrl?: string | null;
}

export const contentSecurityPolicy = (opts: CspOptions = {}): string => {
  const dev = opts.devServerUrl ? new URL(opts.devServerUrl) : null;
  // Development only: Vite's HMR client connects back over WebSocket to the dev server, and
  // @vitejs/plugin-react injects an inline preamble script. Neither exists in a packaged build.
  const hmr = dev ? ` ws://${dev.host}` : '';
  const devInlineScript = dev ? " 'unsafe-inline'" : '';
  return [
    "default-src 'none'",
    `script-src 'self'${devInlineScript}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${hmr}`,
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "frame-src 'self' blob: about:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    // Only honoured as a header (ignored in <meta>): nobody may frame our page.
    "frame-ancestors 'none'",
  ].join('; ');
};
