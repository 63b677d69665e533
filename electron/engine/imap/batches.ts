import { randomUUID } from 'node:crypto';

import type { FetchMessageObject } from 'imapflow';

import type { ImapFolderState, MessageHeader, MessageSource, SyncBatch, SyncOp } from '../../contract';
import { folderIdOf, messageIdOf } from './ids';
import { type FlagState, type HeaderContext, toMessageHeader } from './message-mapper';

type Patch = Extract<SyncOp, { op: 'patchMessages' }>['patches'][number];

export interface FolderBatchInput {
  accountId: string;
  removeIds?: readonly string[];
  put?: readonly MessageHeader[];
  sources?: readonly MessageSource[];
  patches?: readonly Patch[];
  /** Written in the same transaction as the messages, so a crash never leaves state ahead of data. */
  state?: ImapFolderState;
  /** Only tests pass this; batch ids just need to be unique. */
  id?: string;
}

/**
 * One store transaction. Order matters inside it: removals first (a UIDVALIDITY reset removes old
 * ids before new ones arrive), then new headers, then flag patches, then the folder state that
 * says "the store now reflects the server up to here".
 */
export const buildFolderBatch = (input: FolderBatchInput): SyncBatch => {
  const ops: SyncOp[] = [];
  if (input.removeIds?.length) ops.push({ op: 'removeMessages', ids: [...input.removeIds] });
  if (input.put?.length || input.sources?.length)
    ops.push({ op: 'putMessages', messages: [...(input.put ?? [])], sources: [...(input.sources ?? [])] });
  if (input.patches?.length) ops.push({ op: 'patchMessages', patches: [...input.patches] });
  if (input.state) ops.push({ op: 'putImapFolderState', states: [input.state] });
  return { id: input.id ?? randomUUID(), accountId: input.accountId, ops };
};

/**
 * FETCH results that can be stored, newest first. Rows the server sent without a UID (a broken
 * server) cannot be stored under a stable id and are skipped rather than guessed.
 */
export const storableRows = <R extends Pick<FetchMessageObject, 'uid'>>(rows: readonly R[]): R[] =>
  rows.filter((r) => Number.isSafeInteger(r.uid) && r.uid > 0).sort((a, b) => b.uid - a.uid);

/** FETCH results → headers, newest first (storableRows). */
export const headersFromFetch = (rows: readonly FetchMessageObject[], ctx: HeaderContext): MessageHeader[] =>
  storableRows(rows).map((r) => toMessageHeader(r, ctx));

/** Server flags → store patches (the server wins). Only the mirrored flags are sent. */
export const flagPatches = (
  accountId: string,
  path: string,
  uidValidity: string,
  changed: readonly { uid: number; flags: FlagState }[],
): Patch[] =>
  changed.map(({ uid, flags }) => ({
    id: messageIdOf(accountId, path, uidValidity, uid),
    seen: flags.seen,
    flagged: flags.flagged,
    answered: flags.answered,
  }));

export const messageIds = (accountId: string, path: string, uidValidity: string, uids: Iterable<number>): string[] => {
  const ids: string[] = [];
  for (const uid of uids) ids.push(messageIdOf(accountId, path, uidValidity, uid));
  return ids;
};

/** Ids for inclusive UID ranges, in chunks of at most `chunk`, so huge gaps never sit in memory at once. */
export function* idsForRanges(
  accountId: string,
  path: string,
  uidValidity: string,
  ranges: readonly [number, number][],
  chunk: number,
): Generator<string[]> {
  let ids: string[] = [];
  for (const [from, to] of ranges) {
    for (let uid = from; uid <= to; uid++) {
      ids.push(messageIdOf(accountId, path, uidValidity, uid));
      if (ids.length >= chunk) {
        yield ids;
        ids = [];
      }
    }
  }
  if (ids.length) yield ids;
}

export const folderState = (
  accountId: string,
  path: string,
  uidValidity: string,
  highestModseq: string | null,
  uidNext: number | null,
): ImapFolderState => ({
  folderId: folderIdOf(accountId, path),
  uidValidity,
  highestModseq,
  uidNext,
});
