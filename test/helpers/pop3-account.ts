import type { Account, PopPolicy } from '../../electron/contract';
import { createLogger } from '../../electron/engine/log';
import type { Pop3ConnectExtras } from '../../electron/engine/pop3/sync/connect-account';
import { createPop3Worker } from '../../electron/engine/pop3/sync/pop3-worker';
import type { StorePort } from '../../electron/engine/store-port/store-port';
import type { AccountWorker } from '../../electron/engine/sync/account-worker';

export const quietLog = createLogger({ file: '/dev/null', echo: false });

export const popAccount = (opts: {
  port: number;
  user: string;
  policy: PopPolicy;
  security?: 'tls' | 'starttls' | 'none';
  headersOnlyAboveKb?: number | null;
  id?: string;
}): Account => ({
  id: opts.id ?? 'acct-pop',
  createdAt: 0,
  name: 'Test POP',
  email: `${opts.user}@homing.test`,
  mode: 'pop3',
  incoming: {
    host: '127.0.0.1',
    port: opts.port,
    security: opts.security ?? 'tls',
    username: opts.user,
    allowCleartextPassword: opts.security === 'none',
  },
  pop3: { policy: opts.policy, headersOnlyAboveKb: opts.headersOnlyAboveKb ?? null, checkIntervalMinutes: 10 },
});

export interface WorkerHarness {
  worker: AccountWorker;
  clock: { now: number };
  statuses: { state: string; error: { code: string } | null }[];
  freeBytes: { value: number };
}

/** The app's own POP3 worker, wired to a store and a controllable clock and disk. */
export const popWorker = (account: Account, password: string, store: StorePort, extras: Pop3ConnectExtras = {}): WorkerHarness => {
  const clock = { now: Date.UTC(2026, 10, 1) };
  const freeBytes = { value: 1e12 };
  const statuses: WorkerHarness['statuses'] = [];
  const worker = createPop3Worker(extras)({
    account,
    password: async () => password,
    store,
    status: (s) => statuses.push({ state: s.state, error: s.error }),
    progress: () => undefined,
    log: quietLog,
    now: () => clock.now,
    freeDiskBytes: async () => freeBytes.value,
  });
  return { worker, clock, statuses, freeBytes };
};
