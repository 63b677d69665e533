import { join } from 'node:path';

import { type Account, HomingError } from '../../contract';
import {
  type ComposeMode,
  type Draft,
  type DraftAttachment,
  type DraftSaved,
  draftSchema,
  identitiesOf,
  type OutboxEntry,
} from '../../contract/compose';
import type { ImapConnectExtras } from '../imap/connect';
import { describeForLog, type Logger } from '../log';
import { Outbox } from '../outbox/outbox';
import { defaultOutboxPolicy, type OutboxPolicy, type OutboxRecord, toEntry } from '../outbox/outbox-state';
import { readSizeLimit, sendMessage } from '../smtp/send-message';
import { type SizeLimitFact, SizeLimits } from '../smtp/size-limits';
import type { SmtpExtras } from '../smtp/smtp-options';
import type { StorePort } from '../store-port/store-port';
import { type AfterSentEnv, flagOriginal, writeSentCopy } from './after-sent';
import { type AttachmentContent, buildMessage, type BuiltMessage } from './build-mime';
import { type DraftRemoteRef, DraftStore, type StoredDraft } from './draft-store';
import { identityForAnswer, identityOfDraft, ownAddresses } from './identity';
import { deleteImapDraft, type ImapMailboxDeps, saveImapDraft } from './imap-mailbox';
import { removeLocalMessage, saveLocalDraft } from './local-mailbox';
import { messageIdAfterSwitch, newId, newMessageId } from './message-id';
import { draftFieldsFor, emlFileName, parseOriginal } from './prepare';
import { formatAddress, withSignature } from './quote';
import { reopenDraft } from './reopen-draft';
import { stripBcc } from './strip-bcc';

export interface ComposeServiceDeps {
  dataDir: string;
  accounts: { get(accountId: string): Account };
  /** The account's password (SecretStore.get); used for SMTP and for IMAP Drafts/Sent. */
  password(accountId: string): Promise<string>;
  /** The local store (POP3 Drafts/Sent, answered flags); null while no window holds it. */
  store(): StorePort | null;
  /** A stored message's source, fetched from the server when only headers are here. */
  fetchSource(messageId: string): Promise<Uint8Array>;
  log: Logger;
  now?: () => number;
  onOutboxChange(entries: OutboxEntry[]): void;
  /** Told after Homing wrote to an IMAP folder, so the mirror picks the change up at once. */
  folderChanged?(accountId: string, folderPath: string): void;
  smtpExtras?: SmtpExtras;
  imapExtras?: ImapConnectExtras;
  outboxPolicy?: OutboxPolicy;
  /** Outbox timers; off in tests that drive attempts by hand. */
  schedule?: boolean;
  /** Least time between two server saves of one draft (each is an APPEND); default 20 s. */
  draftServerIntervalMs?: number;
}

/** Refusals the user fixes in the draft itself: the message leaves the Outbox, the draft stays. */
const fixInDraft = new Set(['recipient_refused', 'relay_denied', 'too_large', 'sender_refused']);

/**
 * Writing and sending: drafts (here first, then Drafts on the server or the local Drafts folder),
 * the Outbox, Sent copies and answered/forwarded flags. The engine's compose:* and outbox:*
 * handlers call this and nothing else.
 */
export class ComposeService {
  private readonly now: () => number;
  private readonly imap: ImapMailboxDeps;
  private readonly remoteChains = new Map<string, Promise<unknown>>();
  private readonly remoteTimers = new Map<string, NodeJS.Timeout>();
  private readonly lastRemoteSave = new Map<string, number>();
  private readonly sizeLimits: SizeLimits;

  private constructor(
    private readonly deps: ComposeServiceDeps,
    private readonly drafts: DraftStore,
    readonly outbox: Outbox,
  ) {
    this.now = deps.now ?? Date.now;
    this.imap = { password: deps.password, log: deps.log, ...(deps.imapExtras ? { extras: deps.imapExtras } : {}) };
    this.sizeLimits = new SizeLimits({ read: (settings) => readSizeLimit(settings, deps.smtpExtras), now: this.now });
  }

  static async open(deps: ComposeServiceDeps): Promise<ComposeService> {
    const drafts = await DraftStore.open(join(deps.dataDir, 'compose', 'drafts'));
    let service: ComposeService | null = null;
    const outbox = await Outbox.open({
      dir: join(deps.dataDir, 'outbox'),
      log: deps.log,
      now: deps.now ?? Date.now,
      policy: deps.outboxPolicy ?? defaultOutboxPolicy,
      ...(deps.schedule === undefined ? {} : { schedule: deps.schedule }),
      onChange: (entries) => deps.onOutboxChange(entries),
      send: (record, message, beforeData) => service!.sendOne(record, message, beforeData),
      after: {
        sentCopy: (record, message) => service!.sentCopy(record, message),
        flagOrigin: (record) => service!.flagOrigin(record),
        removeDraft: (record) => service!.removeDraft(record.accountId, record.draftId),
      },
    });
    service = new ComposeService(deps, drafts, outbox);
    // Drafts typed after their last server save (the app closed before it ran) are written now.
    if (deps.schedule !== false) {
      for (const d of await drafts.list()) {
        if (d.remoteVersion !== d.draft.updatedAt) service.scheduleRemote(d.draft.accountId, d.draft.id, 5_000);
      }
    }
    return service;
  }

  // ---- drafts --------------------------------------------------------------------------

  async start(accountId: string, mode: ComposeMode, messageId?: string): Promise<Draft> {
    const account = this.deps.accounts.get(accountId);
    const identities = identitiesOf(account);
    const id = newId();
    let draft: Draft = draftSchema.parse({
      id,
      accountId,
      to: [],
      cc: [],
      bcc: [],
      subject: '',
      identityId: identities[0]!.id,
      text: `\n\n${withSignature('', identities[0]!.signature)}`.replace(/\n+$/, '\n'),
      updatedAt: this.now(),
    });
    if (mode !== 'new') {
      if (!messageId) throw new HomingError('invalid_input', 'Choose the message to answer or forward.');
      const bytes = await this.sourceOf(messageId);
      const original = await parseOriginal(bytes);
      // Answered and forwarded from the address the message reached (Thunderbird does the same).
      const identity = identityForAnswer(identities, { ...original.message, deliveredTo: original.deliveredTo });
      draft = {
        ...draft,
        identityId: identity.id,
        ...draftFieldsFor(mode, original.message, ownAddresses(account), identity.signature, messageId),
      };
      const attachments: DraftAttachment[] = [];
      if (mode === 'forwardAsAttachment') {
        const a: DraftAttachment = {
          id: newId(8),
          filename: emlFileName(original.message.subject),
          contentType: 'message/rfc822',
          size: bytes.length,
          kind: 'message',
        };
        await this.drafts.putAttachment(id, a, bytes);
        attachments.push(a);
      } else if (mode === 'forward') {
        attachments.push(...(await this.drafts.addFiles(id, original.attachments)));
      }
      draft = { ...draft, attachments };
    }
    const from = identityOfDraft(account, draft.identityId, false);
    await this.drafts.save({ draft, messageId: newMessageId(from.address), boundary: newId(9), remote: null });
    return draft;
  }

  /** Autosave: durable here at once; the Drafts folder follows, at most every few seconds. */
  async save(input: Draft): Promise<DraftSaved> {
    const stored = await this.keep(input);
    const wait = (this.deps.draftServerIntervalMs ?? 20_000) - (this.now() - (this.lastRemoteSave.get(input.id) ?? 0));
    if (wait > 0) {
      this.scheduleRemote(stored.draft.accountId, input.id, wait);
      return { draftId: input.id, savedAt: this.now(), where: 'here', error: null };
    }
    return this.saveRemote(input.id);
  }

  /** Writes the newest local version of a draft to the server or local Drafts folder now. */
  saveRemote(draftId: string): Promise<DraftSaved> {
    const timer = this.remoteTimers.get(draftId);
    if (timer) clearTimeout(timer);
    this.remoteTimers.delete(draftId);
    // One server save per draft at a time, in order: the replaced copy is always the previous one.
    const previous = this.remoteChains.get(draftId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.saveRemoteNow(draftId));
    this.remoteChains.set(draftId, next);
    void next
      .finally(() => {
        if (this.remoteChains.get(draftId) === next) this.remoteChains.delete(draftId);
      })
      .catch(() => undefined);
    return next;
  }

  private async saveRemoteNow(draftId: string): Promise<DraftSaved> {
    const stored = await this.drafts.get(draftId);
    if (!stored) return { draftId, savedAt: this.now(), where: 'here', error: null };
    this.lastRemoteSave.set(draftId, this.now());
    const account = this.deps.accounts.get(stored.draft.accountId);
    try {
      const built = await this.build(stored, account, new Date(stored.draft.updatedAt));
      let remote: DraftRemoteRef;
      if (account.mode === 'imap') {
        remote = await saveImapDraft(account, this.imap, built.copy, stored.messageId, stored.remote);
        if (remote.kind === 'imap') this.deps.folderChanged?.(account.id, remote.path);
      } else {
        const store = this.requireStore();
        remote = { kind: 'local', id: await saveLocalDraft(store, account, draftId, built.copy, this.now()) };
        // A reopened draft's first save replaces the copy it was opened from (compose:fromMessage).
        if (stored.remote?.kind === 'local' && stored.remote.id !== remote.id)
          await removeLocalMessage(store, account, stored.remote.id, this.now());
      }
      // Re-read: the user may have typed on while the server was busy; keep their newest text.
      const latest = (await this.drafts.get(draftId)) ?? stored;
      await this.drafts.save({ ...latest, remote, remoteVersion: stored.draft.updatedAt });
      return { draftId, savedAt: this.now(), where: account.mode === 'imap' ? 'server' : 'local-folder', error: null };
    } catch (err) {
      const e = err instanceof HomingError ? err : new HomingError('internal', 'The draft could not be saved in Drafts.');
      this.deps.log.warn(`draft ${draftId}: server copy not saved: ${e.code}`);
      return { draftId, savedAt: this.now(), where: 'here', error: e.toAppError() };
    }
  }

  scheduleRemote(accountId: string, draftId: string, wait: number): void {
    if (this.remoteTimers.has(draftId)) return;
    const timer = setTimeout(() => {
      this.remoteTimers.delete(draftId);
      void this.saveRemote(draftId).catch((err: unknown) => this.deps.log.warn(`draft ${draftId} of ${accountId}: ${describeForLog(err)}`));
    }, wait);
    timer.unref?.();
    this.remoteTimers.set(draftId, timer);
  }

  async addAttachment(draftId: string, filename: string, contentType: string, bytes: Uint8Array): Promise<DraftAttachment> {
    const stored = await this.drafts.require(draftId);
    const attachment: DraftAttachment = {
      id: newId(8),
      filename: filename.replace(/[\\/\u0000-\u001f]+/g, '_').slice(0, 255) || 'attachment',
      contentType: /^[\w.+-]+\/[\w.+-]+$/.test(contentType) ? contentType : 'application/octet-stream',
      size: bytes.length,
      kind: 'file',
    };
    await this.drafts.putAttachment(draftId, attachment, bytes);
    await this.drafts.save({
      ...stored,
      draft: { ...stored.draft, attachments: [...stored.draft.attachments, attachment], updatedAt: this.now() },
    });
    return attachment;
  }

  async removeAttachment(draftId: string, attachmentId: string): Promise<boolean> {
    const stored = await this.drafts.require(draftId);
    const attachments = stored.draft.attachments.filter((a) => a.id !== attachmentId);
    await this.drafts.save({ ...stored, draft: { ...stored.draft, attachments, updatedAt: this.now() } });
    return this.drafts.removeAttachment(draftId, attachmentId);
  }

  async listDrafts(): Promise<Draft[]> {
    return (await this.drafts.list()).map((d) => d.draft);
  }

  async open(draftId: string): Promise<Draft> {
    return (await this.drafts.require(draftId)).draft;
  }

  async discard(draftId: string): Promise<void> {
    const stored = await this.drafts.get(draftId);
    if (!stored) return;
    const queued = this.outbox.list().filter((e) => e.draftId === draftId);
    if (queued.some((e) => e.state !== 'failed'))
      throw new HomingError('invalid_input', 'This message is in the Outbox; cancel it there first.');
    for (const e of queued) await this.outbox.cancel(e.id);
    await this.removeDraft(stored.draft.accountId, draftId);
  }

  // ---- sending -------------------------------------------------------------------------

  /** Stores the message in the Outbox, then makes the first attempt (see compose:send). */
  async send(input: Draft): Promise<OutboxEntry> {
    if (input.to.length + input.cc.length + input.bcc.length === 0) throw new HomingError('invalid_input', 'Add at least one recipient.');
    const stored = await this.keep(input);
    const account = this.deps.accounts.get(input.accountId);
    if (!account.smtp)
      throw new HomingError('invalid_input', 'This account has no outgoing (SMTP) server set up. Add one in the account settings.');
    const earlier = this.outbox.list().filter((e) => e.draftId === input.id);
    if (earlier.some((e) => e.state !== 'failed')) throw new HomingError('invalid_input', 'This message is already in the Outbox.');
    // A failed earlier try of this draft is replaced by this one, so it can never be retried too.
    for (const e of earlier) await this.outbox.cancel(e.id);
    const built = await this.build(stored, account, new Date(this.now()), true);
    const record: OutboxRecord = {
      id: newId(),
      accountId: account.id,
      draftId: input.id,
      messageId: stored.messageId,
      subject: input.subject,
      to: [...input.to, ...input.cc, ...input.bcc].map(formatAddress),
      envelope: built.envelope,
      size: built.wire.length,
      state: 'queued',
      transmitting: false,
      attempts: 0,
      createdAt: this.now(),
      nextAttemptAt: this.now(),
      sentAt: null,
      lastError: null,
      sentCopy: 'pending',
      origin: input.origin,
      originFlagged: false,
      draftRemoved: false,
    };
    await this.outbox.enqueue(record, built.copy);
    const after = await this.outbox.attempt(record.id);
    if (after.state === 'failed' && fixInDraft.has(after.lastError?.detail?.reason ?? '')) {
      // Nothing was sent; the user corrects the draft (still open) and sends again.
      await this.outbox.cancel(after.id);
    }
    return toEntry(after);
  }

  private async sendOne(record: OutboxRecord, message: Buffer, beforeData: () => Promise<void>) {
    const account = this.deps.accounts.get(record.accountId);
    if (!account.smtp) throw new HomingError('invalid_input', 'This account has no outgoing (SMTP) server set up.');
    const settings = account.smtp;
    const result = await sendMessage({
      settings,
      password: await this.deps.password(account.id),
      envelope: record.envelope,
      message: stripBcc(message),
      ...(this.deps.smtpExtras ? { extras: this.deps.smtpExtras } : {}),
      log: this.deps.log,
      beforeData,
    });
    // What the server said in EHLO is the freshest limit; null is a fact only after an accepted send
    // (a failure before EHLO also reports null).
    if (result.sizeLimit !== null || result.kind === 'accepted') this.sizeLimits.record(account.id, settings, result.sizeLimit);
    return result;
  }

  /** The SIZE limit of the account's SMTP server (compose:limits); never throws for an unreachable one. */
  limits(accountId: string): Promise<SizeLimitFact> {
    const account = this.deps.accounts.get(accountId);
    return this.sizeLimits.get(account.id, account.smtp);
  }

  /** compose:fromMessage: a draft from a message saved in Drafts, replacing that copy on its first save. */
  async fromMessage(messageId: string): Promise<Draft> {
    const account = this.deps.accounts.get(messageId.slice(0, Math.max(0, messageId.indexOf('/'))));
    return reopenDraft(
      { drafts: this.drafts, imap: this.imap, store: this.deps.store(), now: this.now },
      account,
      messageId,
      await this.sourceOf(messageId),
    );
  }

  private async sentCopy(record: OutboxRecord, message: Buffer): Promise<'done' | 'skipped'> {
    return writeSentCopy(this.afterSentEnv(), record, message);
  }

  private async flagOrigin(record: OutboxRecord): Promise<void> {
    await flagOriginal(this.afterSentEnv(), record);
  }

  private afterSentEnv(): AfterSentEnv {
    return {
      accounts: this.deps.accounts,
      imap: this.imap,
      store: this.deps.store,
      now: this.now,
      ...(this.deps.folderChanged ? { folderChanged: this.deps.folderChanged } : {}),
    };
  }

  private async removeDraft(accountId: string, draftId: string): Promise<void> {
    const stored = await this.drafts.get(draftId);
    if (!stored) return;
    const timer = this.remoteTimers.get(draftId);
    if (timer) clearTimeout(timer);
    this.remoteTimers.delete(draftId);
    await this.remoteChains.get(draftId)?.catch(() => undefined);
    const latest = (await this.drafts.get(draftId)) ?? stored;
    if (latest.remote) {
      const account = this.deps.accounts.get(accountId);
      if (latest.remote.kind === 'imap') {
        await deleteImapDraft(account, this.imap, latest.remote, latest.messageId);
        this.deps.folderChanged?.(account.id, latest.remote.path);
      } else {
        await removeLocalMessage(this.requireStore(), account, latest.remote.id, this.now());
      }
    }
    await this.drafts.remove(draftId);
  }

  // ---- helpers -------------------------------------------------------------------------

  /** Saves the draft on this computer (validated, owned by a known account). */
  private async keep(input: Draft): Promise<StoredDraft> {
    const draft = draftSchema.parse({ ...input, updatedAt: this.now() });
    const account = this.deps.accounts.get(draft.accountId);
    const existing = await this.drafts.get(draft.id);
    if (existing && existing.draft.accountId !== draft.accountId) {
      // A draft moved to another identity gets that account's Drafts; the old copy goes.
      if (existing.remote) await this.removeDraft(existing.draft.accountId, draft.id).catch(() => undefined);
    }
    // Attachments are added and removed by their own commands; the renderer's list cannot add files.
    const attachments = existing ? existing.draft.attachments.filter((a) => draft.attachments.some((b) => b.id === a.id)) : [];
    const sameAccount = existing && existing.draft.accountId === draft.accountId;
    const stored: StoredDraft = {
      draft: { ...draft, attachments },
      messageId: !existing
        ? newMessageId(identityOfDraft(account, draft.identityId, false).address)
        : existing.draft.identityId === draft.identityId
          ? existing.messageId
          : messageIdAfterSwitch(existing.messageId, identityOfDraft(account, draft.identityId, false).address),
      boundary: existing?.boundary ?? newId(9),
      remote: sameAccount ? existing.remote : null,
      ...(sameAccount && existing.remoteVersion !== undefined ? { remoteVersion: existing.remoteVersion } : {}),
    };
    await this.drafts.save(stored);
    return stored;
  }

  /** `strict` (sending): a draft whose identity was removed is refused instead of sent as another. */
  private async build(stored: StoredDraft, account: Account, date: Date, strict = false): Promise<BuiltMessage> {
    const identity = identityOfDraft(account, stored.draft.identityId, strict);
    const attachments: AttachmentContent[] = [];
    for (const a of stored.draft.attachments) {
      attachments.push({
        filename: a.filename,
        contentType: a.contentType,
        kind: a.kind,
        content: await this.drafts.attachmentBytes(stored.draft.id, a.id),
      });
    }
    return buildMessage({
      draft: stored.draft,
      from: { name: identity.name, email: identity.address, ...(identity.replyTo ? { replyTo: identity.replyTo } : {}) },
      attachments,
      messageId: stored.messageId,
      date,
      boundary: stored.boundary,
    });
  }

  private async sourceOf(messageId: string): Promise<Uint8Array> {
    const store = this.deps.store();
    const stored = store ? await store.request({ kind: 'readSource', messageId }).catch(() => null) : null;
    if (stored) return stored.bytes;
    return this.deps.fetchSource(messageId);
  }

  private requireStore(): StorePort {
    const store = this.deps.store();
    if (!store) throw new HomingError('store_unavailable', 'No Homing window is open to hold the local store.');
    return store;
  }

  async close(): Promise<void> {
    for (const t of this.remoteTimers.values()) clearTimeout(t);
    this.remoteTimers.clear();
    await Promise.allSettled([...this.remoteChains.values()]);
    await this.outbox.close();
  }
}
