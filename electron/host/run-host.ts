import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

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

/**
 * Builds the renderer with Vite in a child process. In this process, Rollup's leftovers (~700 MB
 * of RSS) stayed in the heap the engine then syncs in, and its major GCs grew with them (the
 * mirror bench's event-loop max: 45–58 ms alone, 108–128 ms after an in-process build).
 */
export const buildRenderer = async (): Promise<void> => {
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  const child = spawn(process.execPath, [vite, 'build', '--config', join(projectRoot, 'vite.renderer.config.ts'), '--logLevel', 'error'], {
    cwd: projectRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  if (code !== 0) throw new Error(`Building the renderer failed (vite exited with ${signal ?? code}); its output is above.`);
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
