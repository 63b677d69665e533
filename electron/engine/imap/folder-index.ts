import { type FlagState, packFlags } from './message-mapper';

/**
 * What this worker knows is in the store for one folder: UID → flags (packed) and the message's
 * mod-sequence. The StorePort cannot list messages, so this is rebuilt from the server on the
 * first sync of each run; `complete` says whether it covers every cached message of the folder.
 */
export class FolderIndex {
  readonly flags = new Map<number, number>();
  readonly modseq = new Map<number, bigint>();
  /** UIDs whose full source this run stored (the offline policy skips them). */
  readonly withSource = new Set<number>();
  complete = false;

  constructor(readonly uidValidity: string) {}

  set(uid: number, flags: FlagState, modseq?: bigint): void {
    this.flags.set(uid, packFlags(flags));
    if (modseq !== undefined) this.modseq.set(uid, modseq);
  }

  delete(uid: number): void {
    this.flags.delete(uid);
    this.modseq.delete(uid);
    this.withSource.delete(uid);
  }

  has(uid: number): boolean {
    return this.flags.has(uid);
  }
}

/** One FolderIndex per folder path; replaced wholesale when UIDVALIDITY changes. */
export class AccountIndex {
  private readonly folders = new Map<string, FolderIndex>();

  /** The index for `path` at `uidValidity`, starting a fresh one if the validity differs. */
  forFolder(path: string, uidValidity: string): FolderIndex {
    const existing = this.folders.get(path);
    if (existing && existing.uidValidity === uidValidity) return existing;
    const fresh = new FolderIndex(uidValidity);
    this.folders.set(path, fresh);
    return fresh;
  }

  peek(path: string): FolderIndex | undefined {
    return this.folders.get(path);
  }

  drop(path: string): void {
    this.folders.delete(path);
  }

  paths(): string[] {
    return [...this.folders.keys()];
  }
}
