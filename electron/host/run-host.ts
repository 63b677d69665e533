import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { createEngine, createLogger, type Engine } from '../engine';
import type { DiscoveryOptions } from '../engine/accounts/autoconfig/discovery-config';
import { protocolFactories, protocolTesters } from '../engine/protocols';
import type { RemoteFetchOptions } from '../engine/remote/fetch-remote';
import { FileSecretStore } from '../engine/secrets/file-secret-store';
import { type BrowserHost, type HostOptions, startBrowserHost } from './server';

export interface RunHostOptions {
  dataDir: string;
  port?: number;
  rendererDir?: string;
  /** Build the renderer first (Vite), unless a build is already there and this is false. */
  build?: boolean;
  echoLog?: boolean;
  schedule?: boolean;
  onEvent?: HostOptions['onEvent'];
  discovery?: DiscoveryOptions;
  /** Passed to the engine: e2e tests serve remote images from 127.0.0.1, which the app refuses. */
  remoteFetch?: Partial<RemoteFetchOptions>;
}

export const projectRoot = resolve(import.meta.dirname, '../..');
export const defaultRendererDir = join(projectRoot, '.vite/renderer/main_window');

export const buildRenderer = async (): Promise<void> => {
  const { build } = await import('vite');
  await build({ configFile: join(projectRoot, 'vite.renderer.config.ts'), logLevel: 'error' });
};

/** The browser host with the same engine the Electron adapter creates (electron/main.ts). */
export const runHost = async (opts: RunHostOptions): Promise<{ host: BrowserHost; engine: Engine; close(): Promise<void> }> => {
  const rendererDir = opts.rendererDir ?? defaultRendererDir;
  if (opts.build || !existsSync(join(rendererDir, 'index.html'))) await buildRenderer();
  const log = createLogger({ file: join(opts.dataDir, 'homing.log'), echo: opts.echoLog ?? false });
  const host = await startBrowserHost({
    rendererDir,
    log,
    ...(opts.port ? { port: opts.port } : {}),
    ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
  });
  const engine = await createEngine({
    dataDir: opts.dataDir,
    sink: host.sink,
    secrets: new FileSecretStore(join(opts.dataDir, 'secrets')),
    log,
    transport: 'browser',
    factories: protocolFactories,
    testers: protocolTesters,
    schedule: opts.schedule ?? true,
    ...(opts.discovery ? { discovery: opts.discovery } : {}),
    ...(opts.remoteFetch ? { remoteFetch: opts.remoteFetch } : {}),
  });
  host.attach(engine);
  log.info(`browser host listening on 127.0.0.1:${host.port}, data in ${opts.dataDir}`);
  return {
    host,
    engine,
    close: async () => {
      await host.close();
      await engine.dispose();
    },
  };
};
