import type { AccountMode } from '../contract';
import type { ConnectionTester } from './accounts/test-account';
import { createPop3Worker } from './pop3/sync/pop3-worker';
import { testPop3 } from './pop3/sync/test-pop3';
import type { AccountWorkerFactory } from './sync/account-worker';

/**
 * The protocol engines this build has. Both adapters (Electron main and the browser host) pass
 * these to createEngine, so the two can never differ in what they support.
 */
export const protocolFactories: Partial<Record<AccountMode, AccountWorkerFactory>> = {
  pop3: createPop3Worker(),
};

export const protocolTesters: Partial<Record<AccountMode, ConnectionTester>> = {
  pop3: testPop3(),
};
