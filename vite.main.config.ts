import { builtinModules } from 'node:module';

import { defineConfig, type LibraryOptions } from 'vite';

/**
 * Main-process bundles for @electron-forge/plugin-vite (it merges this over its own base config:
 * outDir `.vite/build`, the MAIN_WINDOW_VITE_* defines, node resolve conditions). Used for two
 * build entries in forge.config.ts: electron/main.ts and the engine's mailparser worker.
 *
 * - ES modules: package.json says "type": "module", so Node/Electron load `.vite/build/main.js` as
 *   ESM; Forge's default CommonJS output would die on `require is not defined`.
 * - Dependencies are BUNDLED, not external: Forge's Vite plugin packages only the `.vite` folder
 *   (its packagerConfig.ignore drops node_modules), so anything left external would be missing
 *   from the installed app. imapflow, mailparser, nodemailer, ws and zod are plain JavaScript;
 *   only Node built-ins and Electron stay external.
 * - A `require` made with createRequire backs the few dynamic requires that CommonJS dependencies
 *   keep after bundling (optional natives such as ws's bufferutil, tried inside try/catch).
 */
type ForgeEnv = { forgeConfigSelf?: { entry?: LibraryOptions['entry'] } };

const nodeExternals = ['electron', /^electron\/.+/, ...builtinModules.flatMap((m) => [m, `node:${m}`])];

export default defineConfig((env) => {
  const entry = (env as ForgeEnv).forgeConfigSelf?.entry ?? 'electron/main.ts';
  // The mailparser worker is loaded as `new URL('./parse-worker.mjs', import.meta.url)`, so it
  // keeps its .mjs name; main stays main.js because package.json "main" points there.
  const ext = typeof entry === 'string' && entry.endsWith('.mjs') ? 'mjs' : 'js';
  return {
    build: {
      // A server (Node) build, not a browser one: Node built-ins resolve to themselves instead of
      // browser shims, dependencies use their Node entry points, and Vite leaves
      // `new Worker(new URL('./x.mjs', import.meta.url))` alone instead of bundling a Web Worker.
      ssr: true,
      lib: { entry, formats: ['es'] },
      target: 'node22',
      sourcemap: true,
      rollupOptions: {
        external: nodeExternals,
        output: {
          // A server build names outputs itself (lib.fileName does not apply); name them here.
          entryFileNames: `[name].${ext}`,
          banner:
            "import { createRequire as __homingCreateRequire } from 'node:module'; const require = __homingCreateRequire(import.meta.url);",
        },
      },
    },
    // Bundle every dependency (see above); only built-ins and Electron stay external.
    ssr: { noExternal: true, target: 'node' },
  };
});
