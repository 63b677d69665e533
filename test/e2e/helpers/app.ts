import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runHost } from '../../../electron/host/run-host';

/** The browser host exactly as `npm run start:browser` runs it, on a fresh data directory. */
export const startApp = async (opts: { schedule?: boolean } = {}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'homing-e2e-'));
  // The hostile-mail test's image server is on 127.0.0.1, which the engine's SSRF guard refuses.
  const running = await runHost({ dataDir, build: false, schedule: opts.schedule ?? false, remoteFetch: { allowPrivateAddresses: true } });
  return {
    ...running,
    dataDir,
    close: async () => {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
