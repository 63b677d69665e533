import type { SyncOp } from '../../../electron/contract/mail';
import type { HomingDb } from '../db';

type PutPopState = Extract<SyncOp, { op: 'putPopState' }>;
type PutImapFolderState = Extract<SyncOp, { op: 'putImapFolderState' }>;

/** POP3 UIDL state. Committed in the batch's one transaction with the messages it describes. */
export const putPopState = async (db: HomingDb, op: PutPopState): Promise<void> => {
  if (op.entries.length > 0) await db.popState.bulkPut(op.entries);
};

export const putImapFolderState = async (db: HomingDb, op: PutImapFolderState): Promise<void> => {
  if (op.states.length > 0) await db.imapFolderState.bulkPut(op.states);
};
