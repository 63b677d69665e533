import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createEngine, type Engine, type EngineOptions } from '../../electron/engine';
import { silentLogger } from '../../electron/engine/log';
import { FileSecretStore } from '../../electron/engine/secrets/file-secret-store';

/** The app's engine with this build's protocols, on a fresh data folder, with no renderer attached. */
export const startTestEngine = async (
  extra: Partial<EngineOptions> = {},
): Promise<{ engine: Engine; dataDir: string; close(): Promise<void> }> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'homing-engine-test-'));
  const engine = await createEngine({
    dataDir,
    sink: { broadcast: () => undefined, sendTo: () => false },
    secrets: new FileSecretStore(join(dataDir, 'secrets')),
    log: silentLogger,
    transport: 'browser',
    schedule: false,
    ...extra,
  });
  return {
    engine,
    dataDir,
    close: async () => {
      await engine.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
