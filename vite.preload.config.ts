import { defineConfig } from 'vite';

/**
 * The preload bundle for @electron-forge/plugin-vite. The window is sandboxed, and a sandboxed
 * preload is run as a classic script that may `require('electron')` and nothing else: no ES
 * modules, no other files (Electron docs, "ES Modules in Electron": sandboxed preload scripts
 * cannot use ESM imports). So: one self-contained CommonJS file, `electron` external. It is named
 * `.cjs` so it stays CommonJS whatever loads it, since package.json says "type": "module".
 */
export default defineConfig({
  build: {
    target: 'chrome130',
    rollupOptions: {
      external: ['electron'],
      output: {
        format: 'cjs',
        inlineDynamicImports: true,
        entryFileNames: '[name].cjs',
        chunkFileNames: '[name].cjs',
      },
    },
  },
});
