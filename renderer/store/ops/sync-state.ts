import type { SyncOp } from '../../../electron/contract/mail';
import type { HomingDb } from '../db';
import { appendPopState } from '../pop-state';

type PutPopState = Extract<SyncOp, { op: 'putPopState' }>;
type PutImapFolderState = Extract<SyncOp, { op: 'putImapFolderState' }>;

/** POP3 UIDL state (./pop-state.ts). Committed in the batch's one transaction with the messages it describes. */
export const putPopState = async (db: HomingDb, op: PutPopState): Promise<void> => {
  if (op.entries.length > 0) await appendPopState(db.popStateLog, op.entries);
};

export const putImapFolderState = async (db: HomingDb, op: PutImapFolderState): Promise<void> => {
  if (op.states.length > 0) await db.imapFolderState.bulkPut(op.states);
};
