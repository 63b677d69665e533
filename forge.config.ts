import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerDMG } from '@electron-forge/maker-dmg';
import { MakerRpm } from '@electron-forge/maker-rpm';
import { MakerSquirrel } from '@electron-forge/maker-squirrel';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import type { ForgeConfig } from '@electron-forge/shared-types';

// The renderer build reads this to put the CSP in a <meta> tag for the packaged file:// page.
process.env.HOMING_TARGET = 'electron';

/** The Linux/Windows executable name; deb/rpm look for exactly this file in the package. */
const executableName = 'homing';

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Homing',
    executableName,
    // Required by the two ASAR fuses below: the app's code is read only from an integrity-checked
    // app.asar. (Forge's Vite plugin already limits the package to the `.vite` build output.)
    asar: true,
    appBundleId: 'app.homing.desktop',
    appCategoryType: 'public.app-category.productivity',
  },
  rebuildConfig: {},
  makers: [
    new MakerSquirrel({ name: 'homing', authors: 'Homing contributors', description: 'Homing mail client' }),
    new MakerZIP({}, ['darwin', 'linux']),
    new MakerDMG({ format: 'ULFO' }),
    new MakerDeb({ options: { bin: executableName, name: 'homing', productName: 'Homing', categories: ['Network', 'Office'] } }),
    new MakerRpm({ options: { bin: executableName, name: 'homing', productName: 'Homing', categories: ['Network', 'Office'] } }),
  ],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'electron/main.ts', config: 'vite.main.config.ts', target: 'main' },
        // The engine parses MIME in worker threads; the worker is its own bundle (with mailparser
        // inside) next to main.js, where `new URL('./parse-worker.mjs', import.meta.url)` finds it.
        { entry: 'electron/engine/mime/parse-worker.mjs', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'electron/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
    // Package-time switches in the Electron binary (docs: tutorial/fuses). Each closes a way to run
    // code in Homing's name that Homing itself never uses.
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      // GrantFileProtocolExtraPrivileges stays at its default (on): the packaged renderer is
      // loaded from file://. Moving it to a custom protocol would let this fuse go off too.
    }),
  ],
};

export default config;
