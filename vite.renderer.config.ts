import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

import { contentSecurityPolicy } from './electron/app/csp';

/**
 * The packaged Electron page is a file:// document, where response headers do not apply, so its
 * CSP travels in a <meta> tag. Only for the Electron build (forge.config.ts sets HOMING_TARGET):
 * the browser host sends its own CSP header, and development needs Vite's inline preamble.
 */
const electronCspMeta = (): Plugin => ({
  name: 'homing-electron-csp-meta',
  apply: 'build',
  transformIndexHtml: () =>
    process.env.HOMING_TARGET === 'electron'
      ? [
          {
            tag: 'meta',
            attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy().replace(/;\s*frame-ancestors[^;]*/, '') },
            injectTo: 'head-prepend',
          },
        ]
      : [],
});

// One renderer build for both hosts: Electron Forge's Vite plugin (entry `main_window`) and the
// browser host, which serves this same output folder.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), electronCspMeta()],
  build: {
    outDir: '../.vite/renderer/main_window',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
  },
  worker: { format: 'es' },
});
