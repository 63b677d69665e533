import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

import { HomingError } from '../../contract';
import { type Draft, type DraftAttachment, draftSchema } from '../../contract/compose';
import { writeFileAtomic } from '../fs/atomic-write';

/** Where the server (or local-folder) copy of a draft is, so the next save replaces it. */
export type DraftRemoteRef = { kind: 'imap'; path: string; uidValidity: string; uid: number | null } | { kind: 'local'; id: string };

/** A draft as kept on this computer, with what stays fixed across its saves. */
export interface StoredDraft {
  draft: Draft;
  /** Fixed at creation: every save, and the sent message, carry the same Message-ID. */
  messageId: string;
  boundary: string;
  remote: DraftRemoteRef | null;
  /** The `updatedAt` of the version last written to the server or local Drafts folder. */
  remoteVersion?: number;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Drafts on this computer: `<dir>/<draftId>/draft.json` and its attachments under `att/`.
 * Every save is an atomic write, so closing the window, a crash or a restart never loses more
 * than the keystrokes since the last autosave.
 */
export class DraftStore {
  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<DraftStore> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return new DraftStore(dir);
  }

  private folder(draftId: string): string {
    if (!ID.test(draftId)) throw new HomingError('invalid_input', 'Not a draft id.');
    return join(this.dir, draftId);
  }

  async save(stored: StoredDraft): Promise<void> {
    const folder = this.folder(stored.draft.id);
    await mkdir(join(folder, 'att'), { recursive: true, mode: 0o700 });
    await writeFileAtomic(join(folder, 'draft.json'), JSON.stringify(stored));
  }

  async get(draftId: string): Promise<StoredDraft | null> {
    try {
      const raw = JSON.parse(await readFile(join(this.folder(draftId), 'draft.json'), 'utf8')) as StoredDraft;
      return { ...raw, draft: draftSchema.parse(raw.draft) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async require(draftId: string): Promise<StoredDraft> {
    const found = await this.get(draftId);
    if (!found) throw new HomingError('not_found', 'That draft no longer exists.');
    return found;
  }

  async list(): Promise<StoredDraft[]> {
    const out: StoredDraft[] = [];
    for (const name of await readdir(this.dir)) {
      if (!ID.test(name)) continue;
      const d = await this.get(name).catch(() => null);
      if (d) out.push(d);
    }
    return out.sort((a, b) => b.draft.updatedAt - a.draft.updatedAt);
  }

  async putAttachment(draftId: string, attachment: DraftAttachment, bytes: Uint8Array): Promise<void> {
    if (!ID.test(attachment.id)) throw new HomingError('invalid_input', 'Not an attachment id.');
    const dir = join(this.folder(draftId), 'att');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(join(dir, attachment.id), bytes);
  }

  /**
   * Files taken over from a stored message (a forward's attachments, a reopened draft's), under
   * new ids, with names and types made safe for the draft schema. message/rfc822 stays a message.
   */
  async addFiles(
    draftId: string,
    files: readonly { filename: string; contentType: string; content: Buffer }[],
  ): Promise<DraftAttachment[]> {
    const out: DraftAttachment[] = [];
    for (const f of files) {
      const type = f.contentType.toLowerCase();
      const attachment: DraftAttachment = {
        id: randomBytes(8).toString('base64url'),
        filename: f.filename.replace(/[\\/\u0000-\u001f]+/g, '_').slice(0, 255) || 'attachment',
        contentType: /^[\w.+-]+\/[\w.+-]+$/.test(type) && type.length <= 200 ? type : 'application/octet-stream',
        size: f.content.length,
        kind: type === 'message/rfc822' ? 'message' : 'file',
      };
      await this.putAttachment(draftId, attachment, f.content);
      out.push(attachment);
    }
    return out;
  }

  async attachmentBytes(draftId: string, attachmentId: string): Promise<Buffer> {
    if (!ID.test(attachmentId)) throw new HomingError('invalid_input', 'Not an attachment id.');
    try {
      return await readFile(join(this.folder(draftId), 'att', attachmentId));
    } catch {
      throw new HomingError('not_found', 'An attachment of this draft is missing; remove it and attach the file again.');
    }
  }

  async attachmentSize(draftId: string, attachmentId: string): Promise<number> {
    return (await stat(join(this.folder(draftId), 'att', attachmentId))).size;
  }

  async removeAttachment(draftId: string, attachmentId: string): Promise<boolean> {
    if (!ID.test(attachmentId)) return false;
    try {
      await unlink(join(this.folder(draftId), 'att', attachmentId));
      return true;
    } catch {
      return false;
    }
  }

  async remove(draftId: string): Promise<void> {
    await rm(this.folder(draftId), { recursive: true, force: true });
  }
}
