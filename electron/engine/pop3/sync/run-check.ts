import { createHash } from 'node:crypto';

import { type Account, HomingError, type MessageHeader, type PopUidlState, type SyncOp } from '../../../contract';

type MessagePatch = Extract<SyncOp, { op: 'patchMessages' }>['patches'][number];
import { localFoldersFor } from '../../accounts/local-folders';
import type { Logger } from '../../log';
import type { StorePort } from '../../store-port/store-port';
import type { AccountWorkerDeps } from '../../sync/account-worker';
import type { Pop3Client } from '../client';
import { buildPopRecord, popMessageId } from './message-record';
import { planCheck, type PlannedDownload, policyAllowsDelete, type ServerEntry } from './plan-check';

export interface CheckReport {
  downloaded: number;
  headersOnly: number;
  deletedFromServer: number;
  goneFromServer: number;
  bytes: number;
  /** Set when downloads were committed but the server did not confirm the deletions. */
  deletionProblem: string | null;
}

export interface CheckContext {
  account: Account;
  client: Pop3Client;
  store: StorePort;
  now: () => number;
  log: Logger;
  progress: AccountWorkerDeps['progress'];
  freeDiskBytes: () => Promise<number>;
  /** A batch is committed after this many messages or bytes, whichever comes first. */
  batchMessages?: number;
  batchBytes?: number;
}

/** Room kept free beyond the download itself: the store's indexes and the OS need some too. */
const DISK_MARGIN = 64 * 1024 * 1024;

let batchSeq = 0;
const batchId = (accountId: string) => `pop3-${accountId}-${Date.now()}-${++batchSeq}`;

/**
 * Commits batches in order while the next ones are downloaded. Up to `depth` batches are in flight:
 * the store applies them in the order sent (IndexedDB runs read-write transactions in creation
 * order), so transport and parsing of one overlap the transaction of the one before. A failed
 * commit stops everything: nothing is deleted after it.
 */
class BatchCommitter {
  private readonly inFlight: Promise<void>[] = [];
  private failed: unknown = null;

  constructor(
    private readonly store: StorePort,
    private readonly accountId: string,
    private readonly depth = 2,
  ) {}

  async commit(ops: SyncOp[]): Promise<void> {
    while (this.inFlight.length >= this.depth) await this.inFlight.shift();
    if (this.failed) throw this.failed;
    this.inFlight.push(
      this.store
        .request({ kind: 'apply', batch: { id: batchId(this.accountId), accountId: this.accountId, ops } })
        .then(() => undefined)
        .catch((err: unknown) => {
          this.failed ??= err;
        }),
    );
  }

  async drain(): Promise<void> {
    while (this.inFlight.length > 0) await this.inFlight.shift();
    if (this.failed) throw this.failed;
  }
}

/** Idempotent: the account and its local folders exist before any message is filed into its Inbox. */
const accountOps = (account: Account): SyncOp[] => [
  { op: 'putAccount', account },
  { op: 'putFolders', folders: localFoldersFor(account) },
];

const goneOps = (gone: PopUidlState[]): SyncOp[] =>
  gone.length === 0
    ? []
    : [
        { op: 'putPopState', entries: gone.map((s) => ({ ...s, state: 'deleted' as const })) },
        { op: 'patchMessages', patches: gone.map((s) => ({ id: s.messageId, location: 'local' as const, serverCopyUntil: null })) },
      ];

/**
 * UIDL and LIST joined. Its own function so the two listings are garbage once joined: a check
 * holds only what it needs per message for as long as it runs.
 */
const serverListing = async (client: Pop3Client): Promise<ServerEntry[]> => {
  const uidls = await client.uidl();
  const sizes = await client.list();
  // Spelled out, not spread: a spread copy gets a hidden class of its own per message in V8.
  return uidls.map((u) => ({ msgno: u.msgno, uidl: u.uidl, size: sizes.get(u.msgno) ?? 0 }));
};

/**
 * One POP3 check, the safety protocol of issue #3: stream each message into the store, wait for
 * the store's durable commit, and only then DELE — which the server applies only at QUIT
 * (RFC 1939 §6). The UIDL state travels in the same transaction as the message, so a crash at any
 * point neither loses nor duplicates.
 */
export const runCheck = async (ctx: CheckContext): Promise<CheckReport> => {
  const { account, client, store, log } = ctx;
  const options = account.pop3 ?? { policy: { kind: 'keep-days' as const, days: 14 }, headersOnlyAboveKb: null, checkIntervalMinutes: 10 };
  const policy = options.policy;
  const report: CheckReport = { downloaded: 0, headersOnly: 0, deletedFromServer: 0, goneFromServer: 0, bytes: 0, deletionProblem: null };

  ctx.progress({ phase: 'listing', done: 0, total: 0, bytes: 0 });
  let server: ServerEntry[];
  try {
    server = await serverListing(client);
  } catch (err) {
    if (err instanceof HomingError && err.code === 'no_uidl') {
      if (policy.kind !== 'delete-after-download') {
        throw new HomingError(
          'no_uidl',
          'This server cannot tell its messages apart (it has no UIDL command), so Homing cannot leave copies on it without downloading them again at every check. Choose “Delete from the server after download” for this account, or use IMAP.',
        );
      }
      return runCheckWithoutUidl(ctx, report);
    }
    throw err;
  }

  const localStates = await store.request({ kind: 'readPopState', accountId: account.id });
  const local = new Map(localStates.map((s) => [s.uidl, s]));
  const plan = planCheck({
    server,
    local,
    policy,
    headersOnlyAboveBytes: options.headersOnlyAboveKb === null ? null : options.headersOnlyAboveKb * 1024,
    now: ctx.now(),
  });
  if (plan.duplicateUidls.length > 0) {
    log.warn(`account ${account.id}: server lists ${plan.duplicateUidls.length} UIDL(s) more than once; those are never deleted`);
  }

  const committer = new BatchCommitter(store, account.id);
  const housekeeping: SyncOp[] = [
    ...accountOps(account),
    ...goneOps(plan.goneFromServer),
    ...(plan.keptAfterAll.length
      ? [
          { op: 'putPopState' as const, entries: plan.keptAfterAll.map((s) => ({ ...s, state: 'downloaded' as const })) },
          { op: 'patchMessages' as const, patches: plan.keptAfterAll.map((s) => ({ id: s.messageId, location: 'server+local' as const })) },
        ]
      : []),
  ];
  report.goneFromServer = plan.goneFromServer.length;
  await committer.commit(housekeeping);

  const needed = plan.download.reduce((sum, d) => sum + (d.mode === 'full' ? d.size : 8 * 1024), 0);
  if (needed > 0) {
    const free = await ctx.freeDiskBytes();
    if (free < needed + DISK_MARGIN) {
      await committer.drain();
      throw new HomingError(
        'disk_full',
        `Disk full — nothing was deleted from the server. ${plan.download.length} new messages need about ${Math.ceil(needed / 1e6)} MB; free some space and check again.`,
      );
    }
  }

  const total = plan.download.length;
  const maxMessages = ctx.batchMessages ?? 500;
  const maxBytes = ctx.batchBytes ?? 24 * 1024 * 1024;
  // One op of each kind per batch: the store does a handful of bulk requests per batch, not per message.
  let ops: { headers: MessageHeader[]; states: PopUidlState[]; sources: { id: string; bytes: Uint8Array }[]; patches: MessagePatch[] } = {
    headers: [],
    states: [],
    sources: [],
    patches: [],
  };
  let pendingBytes = 0;
  let pendingCount = 0;
  const staged: PopUidlState[] = [];

  const flush = async () => {
    if (pendingCount === 0) return;
    const batchOps: SyncOp[] = [{ op: 'putMessages', messages: ops.headers, sources: ops.sources }];
    if (ops.patches.length) batchOps.push({ op: 'patchMessages', patches: ops.patches });
    batchOps.push({ op: 'putPopState', entries: ops.states });
    // Only what this check's delete plan can pick is kept until the end (all of it when deleting
    // after download, none when keeping mail for days): a state that becomes deletable later is
    // deleted by a later check, which only ever keeps a server copy longer.
    const now = ctx.now();
    for (const state of ops.states) if (policyAllowsDelete(policy, state, now)) staged.push(state);
    ops = { headers: [], states: [], sources: [], patches: [] };
    pendingBytes = 0;
    pendingCount = 0;
    await committer.commit(batchOps);
  };

  let done = 0;
  const accept = async (item: PlannedDownload, bytes: Buffer) => {
    const now = ctx.now();
    if (item.upgrade) {
      const previous = local.get(item.uidl)!;
      ops.sources.push({ id: previous.messageId, bytes });
      ops.patches.push({ id: previous.messageId, hasSource: true });
      ops.states.push({ ...previous, state: 'downloaded' });
    } else {
      const record = buildPopRecord({ accountId: account.id, uidl: item.uidl, bytes, mode: item.mode, serverSize: item.size, policy, now });
      ops.headers.push(record.header);
      if (item.mode === 'full') ops.sources.push({ id: record.header.id, bytes });
      ops.states.push(record.state);
    }
    if (item.mode === 'full') report.downloaded++;
    else report.headersOnly++;
    report.bytes += bytes.length;
    pendingBytes += bytes.length;
    pendingCount++;
    done++;
    ctx.progress({ phase: 'downloading', done, total, bytes: report.bytes });
    if (pendingCount >= maxMessages || pendingBytes >= maxBytes) await flush();
  };
  // A message deleted by another client between UIDL and RETR answers -ERR: skip it, it's gone.
  const vanished = (err: unknown, item: PlannedDownload | undefined) => {
    if (!(err instanceof HomingError && err.code === 'server_refused' && item)) return false;
    log.warn(`account ${account.id}: message ${item.msgno} vanished before it could be downloaded`);
    return true;
  };

  for (const item of plan.download.filter((d) => d.mode === 'headers')) {
    try {
      await accept(item, await client.top(item.msgno, 0));
    } catch (err) {
      if (!vanished(err, item)) throw err;
    }
  }
  let remaining = plan.download.filter((d) => d.mode === 'full');
  while (remaining.length > 0) {
    const byMsgno = new Map(remaining.map((d) => [d.msgno, d]));
    let handled = 0;
    try {
      // Pipelined RETR when the server offers it; each message is handed over as it completes.
      await client.retrMany(
        remaining.map((d) => d.msgno),
        async (msgno, bytes) => {
          handled++;
          await accept(byMsgno.get(msgno)!, bytes);
        },
      );
      remaining = [];
    } catch (err) {
      if (!vanished(err, remaining[handled])) throw err;
      remaining = remaining.slice(handled + 1);
    }
  }
  await flush();
  await committer.drain();
  // Only now, with every download durably committed, is the plan re-made with the new states.
  const committed = new Map(local);
  for (const s of staged) committed.set(s.uidl, s);

  const deletePlan = planCheck({ server, local: committed, policy, headersOnlyAboveBytes: null, now: ctx.now() }).delete;
  if (deletePlan.length === 0) {
    await client.quit();
    ctx.progress({ phase: 'done', done, total, bytes: report.bytes });
    return report;
  }

  const marked = deletePlan.map((d) => ({ ...committed.get(d.uidl)!, state: 'delete-pending' as const }));
  await store.request({
    kind: 'apply',
    batch: { id: batchId(account.id), accountId: account.id, ops: [{ op: 'putPopState', entries: marked }] },
  });
  ctx.progress({ phase: 'deleting', done: 0, total: deletePlan.length, bytes: report.bytes });
  try {
    await client.deleMany(deletePlan.map((d) => d.msgno));
    await client.quit();
  } catch (err) {
    // RFC 1939 §6: without a +OK to QUIT nothing was deleted. The states stay delete-pending and
    // the next check finishes the job; the messages are safe here and there.
    const why = err instanceof Error ? err.message : String(err);
    report.deletionProblem = `The server did not confirm removing ${deletePlan.length} messages (${why}). They are still on the server; Homing will try again at the next check.`;
    log.warn(`account ${account.id}: ${report.deletionProblem}`);
    client.close();
    ctx.progress({ phase: 'done', done, total, bytes: report.bytes });
    return report;
  }
  await store.request({
    kind: 'apply',
    batch: { id: batchId(account.id), accountId: account.id, ops: goneOps(marked) },
  });
  report.deletedFromServer = deletePlan.length;
  ctx.progress({ phase: 'done', done, total, bytes: report.bytes });
  return report;
};

/**
 * A server without UIDL, with delete-after-download: each message is identified by the SHA-256 of
 * its bytes, so a message downloaded before a crash is recognised and not stored twice.
 */
const runCheckWithoutUidl = async (ctx: CheckContext, report: CheckReport): Promise<CheckReport> => {
  const { account, client, store } = ctx;
  await store.request({ kind: 'apply', batch: { id: batchId(account.id), accountId: account.id, ops: accountOps(account) } });
  const { count } = await client.stat();
  const local = new Map((await store.request({ kind: 'readPopState', accountId: account.id })).map((s) => [s.uidl, s]));
  const deletable: number[] = [];
  for (let msgno = 1; msgno <= count; msgno++) {
    const bytes = await client.retrToBuffer(msgno);
    const uidl = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (!local.has(uidl)) {
      const record = buildPopRecord({
        accountId: account.id,
        uidl,
        bytes,
        mode: 'full',
        serverSize: bytes.length,
        policy: { kind: 'delete-after-download' },
        now: ctx.now(),
      });
      await store.request({
        kind: 'apply',
        batch: {
          id: batchId(account.id),
          accountId: account.id,
          ops: [
            { op: 'putMessages', messages: [record.header], sources: [{ id: record.header.id, bytes }] },
            { op: 'putPopState', entries: [{ ...record.state, state: 'delete-pending' }] },
          ],
        },
      });
      local.set(uidl, record.state);
      report.downloaded++;
      report.bytes += bytes.length;
    }
    deletable.push(msgno);
    ctx.progress({ phase: 'downloading', done: msgno, total: count, bytes: report.bytes });
  }
  await client.deleMany(deletable);
  await client.quit();
  const ids = [...local.values()].filter((s) => s.uidl.startsWith('sha256:') && s.state !== 'deleted');
  await store.request({ kind: 'apply', batch: { id: batchId(account.id), accountId: account.id, ops: goneOps(ids) } });
  report.deletedFromServer = deletable.length;
  return report;
};

export { popMessageId };
