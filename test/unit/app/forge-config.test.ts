import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

import config from '../../../forge.config';

const plugin = (name: string) =>
  config.plugins!.find((p) => (p as { name?: string }).name === name) as unknown as { config: Record<string, unknown> };

describe('forge.config.ts', () => {
  it('flips the fuses that close ways to run code in our name', () => {
    expect(plugin('fuses').config).toEqual({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    });
    // The ASAR fuses need an ASAR.
    expect(config.packagerConfig).toMatchObject({ asar: true, name: 'Homing' });
  });

  it('builds main, the MIME worker and the preload, and the main_window renderer', () => {
    expect(plugin('vite').config).toEqual({
      build: [
        { entry: 'electron/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'electron/engine/mime/parse-worker.mjs', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'electron/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    });
  });

  it('makes installers for every desktop platform', () => {
    expect(config.makers!.map((m) => (m as { name: string }).name).sort()).toEqual(['deb', 'dmg', 'rpm', 'squirrel', 'zip']);
  });
});
