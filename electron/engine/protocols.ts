import type { AccountMode } from '../contract';
import type { ConnectionTester } from './accounts/test-account';
import { createImapTester, imapWorkerFactory } from './imap';
import { silentLogger } from './log';
import { createPop3Worker } from './pop3/sync/pop3-worker';
import { testPop3 } from './pop3/sync/test-pop3';
import type { AccountWorkerFactory } from './sync/account-worker';

/**
 * The protocol engines this build has. createEngine uses these unless a test passes its own, so
 * the Electron app and the browser host can never differ in what they support.
 */
export const protocolFactories: Partial<Record<AccountMode, AccountWorkerFactory>> = {
  imap: imapWorkerFactory,
  pop3: createPop3Worker(),
};

// A connection test reports its failure in its result; there is nothing more to log.
export const protocolTesters: Partial<Record<AccountMode, ConnectionTester>> = {
  imap: createImapTester(silentLogger),
  pop3: testPop3(),
};
