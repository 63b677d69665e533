// Public surface of the IMAP engine, for electron/engine/protocols.ts and tests.
export { type ImapConnectExtras } from './connect';
export type { Quota } from './quota';
export { createImapTester } from './test-connection';
export { createImapWorker, type ImapWorker, type ImapWorkerDeps, imapWorkerFactory } from './worker';
