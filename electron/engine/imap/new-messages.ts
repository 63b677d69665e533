import type { FetchMessageObject } from 'imapflow';

import type { ImapFolderState, MessageHeader, MessageSource } from '../../contract';
import { buildFolderBatch, storableRows } from './batches';
import { bodySearch } from './body-policy';
import { CommitPipeline } from './commit-pipeline';
import { toSequenceSet } from './diff-folder';
import type { ImapEnv } from './env';
import { fetchHeaders } from './fetch-rows';
import { ensureRoom, fetchWithSources, type SourceBatch, sourceBytes } from './fetch-source';
import { inFolder } from './mailbox';
import { flagStateOfHeader, type HeaderContext, toMessageHeader, toMessageHeaderWithSource } from './message-mapper';

export interface NewMessages {
  path: string;
  uidValidity: string;
  /** Newest first. */
  uids: readonly number[];
  /** Committed with the last batch: an interrupted sync leaves the old state and resumes safely. */
  state: ImapFolderState;
  /** The index covers every cached message of the folder once the state is committed. */
  complete: boolean;
}

/** A fetched message as the store gets it, and what the folder index needs of it. */
interface Fetched {
  uid: number;
  modseq: bigint | undefined;
  header: MessageHeader;
  source: Buffer | undefined;
}

const fetched = (row: FetchMessageObject, ctx: HeaderContext): Fetched => ({
  uid: row.uid,
  modseq: row.modseq,
  header: row.source ? toMessageHeaderWithSource(row, row.source, ctx) : toMessageHeader(row, ctx),
  source: row.source,
});

/** The UIDs of `part` whose bodies the offline policy wants (bodySearch), or none if the server cannot say. */
const bodyUidsOf = async (env: ImapEnv, path: string, uidValidity: string, part: number[]): Promise<Set<number>> => {
  const search = bodySearch(env.offline(), env.now());
  if (!search) return new Set();
  const found = await env.withClient('sync', (client) =>
    inFolder(client, path, uidValidity, () => client.search({ ...search, uid: toSequenceSet(part) }, { uid: true })),
  );
  if (Array.isArray(found)) return new Set(found);
  env.log.warn(`imap: the server did not say which messages of ${path} to keep offline; their bodies download when opened`);
  return new Set();
};

/**
 * Fetches new messages newest first, chunk by chunk: one SEARCH asks which of a chunk the offline
 * policy keeps offline (body-policy.ts); those come with their bodies in one FETCH, cut into store
 * batches of bounded bytes as they arrive; the rest with their list fields only. A body goes into
 * the same store put as its header, so a mirrored message is fetched and written once. Batches are
 * sent while earlier ones are still being written (CommitPipeline), so the store and the server
 * work at the same time.
 */
export const storeNewMessages = async (env: ImapEnv, work: NewMessages): Promise<void> => {
  const { path, uidValidity, state } = work;
  const idx = env.index.forFolder(path, uidValidity);
  const commits = new CommitPipeline((batch) => env.apply(batch), env.tuning.commitsInFlight);
  const limits = { maxMessages: env.tuning.bodiesPerBatch, maxBytes: env.tuning.bodyBytesPerBatch };
  const progress = { done: 0, bytes: 0 };
  let bodiesWanted = true;

  const context = (): HeaderContext => ({ accountId: env.accountId, folderPath: path, uidValidity, now: env.now() });

  /** One store batch of fetched messages; `since`: the UserFlagChanges mark taken before their FETCH. */
  const commitRows = async (batch: readonly Fetched[], since: number, last: boolean): Promise<void> => {
    const rows = storableRows(batch);
    const sources: MessageSource[] = [];
    let put = rows.map(({ header, source }): MessageHeader => {
      if (source) {
        sources.push({ id: header.id, bytes: sourceBytes(source) });
        progress.bytes += source.byteLength;
      }
      return header;
    });
    // What the index needs once the batch is durable, without holding the sources until then.
    const uids = rows.map((row) => row.uid);
    const modseqs = rows.map((row) => row.modseq);
    // Built when it goes: a flag change the user made since the FETCH stays on top (user-flag-changes.ts).
    await commits.send(
      () => {
        if (env.userFlags.pendingFor(since))
          put = put.map((h) => ({
            ...h,
            ...env.userFlags.over(h.id, flagStateOfHeader(h), since),
          }));
        return buildFolderBatch({ accountId: env.accountId, put, sources, state: last ? state : undefined });
      },
      () => {
        // `put` is still in `rows`' order: the flag overlay maps it one to one.
        uids.forEach((uid, i) => {
          idx.set(uid, flagStateOfHeader(put[i]!), modseqs[i]);
          if (put[i]!.hasSource) idx.withSource.add(uid);
        });
        if (last) {
          env.states.set(path, state);
          if (work.complete) idx.complete = true;
        }
      },
      last,
    );
    progress.done += put.length;
    env.progress({ phase: 'downloading', done: progress.done, total: work.uids.length, bytes: progress.bytes });
  };

  /** Strips the sources off a batch when the disk cannot take them (headers still land). */
  const roomFor = async (rows: Fetched[]): Promise<Fetched[]> => {
    const bytes = rows.reduce((n, r) => n + (r.source?.byteLength ?? 0), 0);
    if (bodiesWanted && bytes > 0) {
      bodiesWanted = await ensureRoom(env, bytes).then(
        () => true,
        () => false,
      );
      // Offline bodies stop quietly when the disk is nearly full; opening a message still works,
      // and says why when it cannot.
      if (!bodiesWanted) env.log.warn(`imap: not enough free disk space; offline bodies of ${path} are not downloaded for now`);
    }
    return bodiesWanted
      ? rows
      : rows.map((row) => ({ ...row, source: undefined, header: { ...row.header, location: 'server', hasSource: false } }));
  };

  let next = 0;
  // The first screenful alone, so the list shows it at once; then chunks of one body batch (the
  // store gets its first large batch sooner, and FETCHes interleave finely with its writes).
  let size = env.tuning.firstChunk;
  try {
    while (next < work.uids.length) {
      const part = work.uids.slice(next, next + size);
      next += part.length;
      const lastChunk = next >= work.uids.length;
      const wanted = bodiesWanted ? await bodyUidsOf(env, path, uidValidity, part) : new Set<number>();
      const bodyUids = part.filter((uid) => wanted.has(uid));
      const alone = bodyUids.length === 0 ? part : part.filter((uid) => !wanted.has(uid));
      if (alone.length > 0) {
        const since = env.userFlags.mark();
        const ctx = context();
        const rows = await env.withClient('sync', (client) =>
          inFolder(client, path, uidValidity, () => fetchHeaders(client, toSequenceSet(alone), (row) => fetched(row, ctx))),
        );
        await commitRows(rows, since, lastChunk && bodyUids.length === 0);
      }
      if (bodyUids.length > 0) {
        const since = env.userFlags.mark();
        let sources = 0;
        // The FETCH's last batch is committed once the connection is free again: waiting for the
        // store to make room must not hold up a message the user opens meanwhile. Earlier ones
        // (a chunk over bodyBytesPerBatch) go while the FETCH runs, so memory stays bounded.
        const held: SourceBatch<Fetched>[] = [];
        const ctx = context();
        await env.withClient('sync', (client) =>
          inFolder(client, path, uidValidity, async () => {
            for await (const batch of fetchWithSources(client, bodyUids, limits, (row) => fetched(row, ctx))) {
              sources += batch.rows.filter((r) => r.source).length;
              if (batch.complete) held.push(batch);
              else await commitRows(await roomFor(batch.rows), since, false);
            }
          }),
        );
        for (const [i, batch] of held.entries()) await commitRows(await roomFor(batch.rows), since, lastChunk && i === held.length - 1);
        if (sources < bodyUids.length)
          env.log.info(`imap: ${bodyUids.length - sources} offline bodies of ${path} did not come; they download when opened`);
      }
      size = bodyUids.length > 0 ? Math.min(env.tuning.chunk, env.tuning.bodiesPerBatch) : env.tuning.chunk;
    }
    await commits.drain();
  } finally {
    await commits.settle();
  }
};
