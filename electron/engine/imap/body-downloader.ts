import type { FetchMessageObject } from 'imapflow';

import type { ImapOptions, MessageHeader, MessageSource } from '../../contract';
import { buildFolderBatch } from './batches';
import { wantsBody } from './body-policy';
import { toSequenceSet } from './diff-folder';
import type { ImapEnv } from './env';
import { fetchRows } from './fetch-rows';
import { ensureRoom } from './fetch-source';
import { messageIdOf } from './ids';
import { inFolder } from './mailbox';
import { flagStateOf, headerQuery, toMessageHeader } from './message-mapper';

interface Wanted {
  path: string;
  uidValidity: string;
  uid: number;
  size: number;
}

/** Bodies per store transaction, and the most bytes held in memory for one. */
const perBatch = 250;
const bytesPerBatch = 16 * 1024 * 1024;

/**
 * Downloads bodies the offline policy wants, after headers, newest first, in small queued tasks
 * so user actions interleave. Only messages whose headers this run stored are considered: the
 * StorePort cannot say which older messages lack a body (they are fetched when opened).
 */
export class BodyDownloader {
  private readonly wanted: Wanted[] = [];
  private draining: Promise<void> | null = null;

  constructor(
    private readonly env: ImapEnv,
    private readonly options: () => Pick<ImapOptions, 'offline' | 'attachmentCapKb'>,
  ) {}

  consider(path: string, uidValidity: string, items: { uid: number; date: number; size: number }[]): void {
    const { offline, attachmentCapKb } = this.options();
    // Whole bodies arrive as one IMAP literal each; stay well inside the literal size guard.
    const capKb = Math.min(attachmentCapKb, 48 * 1024);
    const now = this.env.now();
    for (const item of items)
      if (wantsBody(offline, capKb, item, now)) this.wanted.push({ path, uidValidity, uid: item.uid, size: item.size });
  }

  get pending(): number {
    return this.wanted.length;
  }

  /** Downloads until the list is empty; a second call joins the running drain. */
  drain(): Promise<void> {
    this.draining ??= this.run().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  clear(): void {
    this.wanted.length = 0;
  }

  private async run(): Promise<void> {
    while (this.wanted.length) {
      const head = this.wanted[0] as Wanted;
      const batch: Wanted[] = [];
      let bytes = 0;
      while (batch.length < perBatch && this.wanted.length) {
        const next = this.wanted[0] as Wanted;
        if (next.path !== head.path || next.uidValidity !== head.uidValidity) break;
        if (batch.length > 0 && bytes + next.size > bytesPerBatch) break;
        bytes += next.size;
        batch.push(this.wanted.shift() as Wanted);
      }
      await this.downloadBatch(batch);
    }
  }

  private async downloadBatch(batch: Wanted[]): Promise<void> {
    const first = batch[0];
    if (!first) return;
    const { path, uidValidity } = first;
    const idx = this.env.index.peek(path);
    const todo = batch.filter((w) => !(idx && idx.uidValidity === uidValidity && idx.withSource.has(w.uid)));
    if (todo.length === 0) return;
    // Background downloads stop quietly when the disk is nearly full; opening a message still works
    // (and says why when it cannot).
    const need = todo.reduce((n, w) => n + w.size, 0);
    try {
      await ensureRoom(this.env, need);
    } catch {
      this.env.log.warn('imap: not enough free disk space; offline bodies are not downloaded for now');
      this.wanted.length = 0;
      return;
    }
    await this.env.withClient('sync', (client) =>
      inFolder(client, path, uidValidity, async () => {
        const put: MessageHeader[] = [];
        const sources: MessageSource[] = [];
        // One FETCH for the whole batch: each BODY.PEEK[] is an exact-byte literal, and every
        // message here is under the attachment cap, far below the literal size guard.
        const rows: FetchMessageObject[] = await fetchRows(
          client,
          toSequenceSet(todo.map((w) => w.uid)),
          { ...headerQuery, source: true },
          { uid: true },
        );
        for (const row of rows) {
          if (!row.source) continue;
          const id = messageIdOf(this.env.accountId, path, uidValidity, row.uid);
          put.push({
            ...toMessageHeader(row, { accountId: this.env.accountId, folderPath: path, uidValidity, now: this.env.now() }),
            location: 'server+local',
            hasSource: true,
          });
          sources.push({ id, bytes: new Uint8Array(row.source.buffer, row.source.byteOffset, row.source.byteLength) });
        }
        if (put.length === 0) return;
        await this.env.apply(buildFolderBatch({ accountId: this.env.accountId, put, sources }));
        const current = this.env.index.forFolder(path, uidValidity);
        for (const row of rows) {
          if (!row.source) continue;
          current.set(row.uid, flagStateOf(row.flags), row.modseq);
          current.withSource.add(row.uid);
        }
      }),
    );
  }
}
