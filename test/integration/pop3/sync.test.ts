import { createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HomingError } from '../../../electron/contract';
import { DAY_MS } from '../../../electron/engine/pop3/sync/plan-check';
import { foldPopState } from '../../../renderer/store/pop-state';
import { getSources } from '../../../renderer/store/queries/get-source';
import { startCutProxy } from '../../helpers/cut-proxy';
import { directStore } from '../../helpers/direct-store';
import { popAccount, popWorker } from '../../helpers/pop3-account';
import { type MailServer, startDovecot } from '../../mailserver/dovecot';
import { generateMessages, seedMaildir } from '../../mailserver/seed';

let server: MailServer;
let userSeq = 0;

const users = Array.from({ length: 14 }, (_, i) => ({ user: `pop${i}`, password: `pw-${i}-secret` }));
const nextUser = () => users[userSeq++]!;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const serverFiles = (user: string): string[] => {
  const dir = server.maildir(user);
  return ['new', 'cur'].flatMap((sub) => {
    try {
      return readdirSync(join(dir, sub));
    } catch {
      return [];
    }
  });
};

const storedHashes = async (store: ReturnType<typeof directStore>) =>
  (await getSources(store.db, await store.db.messages.toArray())).flatMap((bytes) => (bytes ? [sha(bytes)] : [])).sort();

const expectFail = async (p: Promise<unknown>, code: string) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HomingError);
  expect((err as HomingError).code).toBe(code);
  return err as HomingError;
};

beforeAll(async () => {
  server = await startDovecot({ users });
});
afterAll(async () => {
  await server?.stop();
});

describe('POP3 download engine against Dovecot', () => {
  it('download-and-delete of 1,000 mixed messages empties the server and stores every byte exactly', async () => {
    const { user, password } = nextUser();
    const written = seedMaildir(server, user, generateMessages(1000, { seed: 11 }));
    const store = directStore();
    const { worker } = popWorker(
      popAccount({ port: server.ports.pop3s, user, policy: { kind: 'delete-after-download' } }),
      password,
      store,
      { ca: server.caCertPem },
    );

    await worker.syncNow();

    expect(serverFiles(user)).toEqual([]);
    expect(await storedHashes(store)).toEqual(written.map((f) => sha(f.bytes)).sort());
    const messages = await store.db.messages.toArray();
    expect(messages).toHaveLength(1000);
    expect(messages.every((m) => m.location === 'local' && m.serverCopyUntil === null && m.hasSource)).toBe(true);
    const states = foldPopState(await store.db.popStateLog.toArray());
    expect(states).toHaveLength(1000);
    expect(states.every((s) => s.state === 'deleted')).toBe(true);
  });

  it('keep 14 days deletes exactly the expired server copies (time injected)', async () => {
    const { user, password } = nextUser();
    seedMaildir(server, user, generateMessages(10, { seed: 21 }));
    const store = directStore();
    const h = popWorker(popAccount({ port: server.ports.pop3s, user, policy: { kind: 'keep-days', days: 14 } }), password, store, {
      ca: server.caCertPem,
    });
    const t0 = h.clock.now;

    await h.worker.syncNow();
    expect(serverFiles(user)).toHaveLength(10);
    expect((await store.db.messages.toArray()).every((m) => m.location === 'server+local' && m.serverCopyUntil === t0 + 14 * DAY_MS)).toBe(
      true,
    );

    h.clock.now = t0 + 10 * DAY_MS;
    seedMaildir(server, user, generateMessages(5, { seed: 22 }));
    await h.worker.syncNow();
    expect(serverFiles(user)).toHaveLength(15);
    expect(await store.db.messages.count()).toBe(15);

    h.clock.now = t0 + 14 * DAY_MS - 1;
    await h.worker.syncNow();
    expect(serverFiles(user)).toHaveLength(15);

    h.clock.now = t0 + 14 * DAY_MS;
    await h.worker.syncNow();
    expect(serverFiles(user)).toHaveLength(5);
    const messages = await store.db.messages.toArray();
    expect(messages.filter((m) => m.location === 'local')).toHaveLength(10);
    expect(messages.filter((m) => m.location === 'server+local').every((m) => m.serverCopyUntil === t0 + 24 * DAY_MS)).toBe(true);
  });

  describe('a cut connection never loses or duplicates mail', () => {
    const scenario = async (rule: { clientSays?: RegExp; serverBytes?: number }, expectFirst: 'throws' | 'deletion-unconfirmed') => {
      const { user, password } = nextUser();
      const written = seedMaildir(server, user, generateMessages(30, { seed: 31 + userSeq }));
      const proxy = await startCutProxy(server.ports.pop3);
      try {
        const store = directStore();
        const account = popAccount({ port: proxy.port, user, policy: { kind: 'delete-after-download' }, security: 'none' });
        const h = popWorker(account, password, store);
        proxy.cutNext(rule);
        if (expectFirst === 'throws') await expectFail(h.worker.syncNow(), 'connection_lost');
        else {
          await h.worker.syncNow();
          expect(h.statuses.at(-1)?.error?.code).toBe('server_refused');
        }
        expect(proxy.cuts).toBe(1);
        // Nothing was deleted by the broken session (RFC 1939 §6: only QUIT commits DELE).
        expect(serverFiles(user)).toHaveLength(30);

        await h.worker.syncNow();
        expect(serverFiles(user)).toEqual([]);
        expect(await store.db.messages.count()).toBe(30);
        expect(await storedHashes(store)).toEqual(written.map((f) => sha(f.bytes)).sort());
      } finally {
        await proxy.close();
      }
    };

    it('mid-RETR', () => scenario({ serverBytes: 60_000 }, 'throws'));
    it('after RETR, before DELE', () => scenario({ clientSays: /\r\nDELE / }, 'deletion-unconfirmed'));
    it('after DELE, before QUIT', () => scenario({ clientSays: /\r\nQUIT\r\n/ }, 'deletion-unconfirmed'));
  });

  it('a crash between the store commit and DELE neither loses nor duplicates', async () => {
    const { user, password } = nextUser();
    seedMaildir(server, user, generateMessages(12, { seed: 41 }));
    const store = directStore();
    let crashed = false;
    store.afterCommit = (req) => {
      if (!crashed && req.kind === 'apply' && req.batch.ops.some((o) => o.op === 'putMessages')) {
        crashed = true;
        throw new Error('process killed');
      }
    };
    const h = popWorker(popAccount({ port: server.ports.pop3s, user, policy: { kind: 'delete-after-download' } }), password, store, {
      ca: server.caCertPem,
    });
    await expect(h.worker.syncNow()).rejects.toThrow('process killed');
    expect(serverFiles(user)).toHaveLength(12);
    expect(await store.db.messages.count()).toBe(12);

    await h.worker.syncNow();
    expect(serverFiles(user)).toEqual([]);
    expect(await store.db.messages.count()).toBe(12);
  });

  it('a store that refuses the write (quota) means no DELE at all', async () => {
    const { user, password } = nextUser();
    seedMaildir(server, user, generateMessages(8, { seed: 51 }));
    const store = directStore();
    store.beforeApply = (req) => {
      if (req.kind === 'apply' && req.batch.ops.some((o) => o.op === 'putMessages'))
        throw new HomingError('disk_full', 'Disk full — nothing was deleted from the server.');
    };
    const h = popWorker(popAccount({ port: server.ports.pop3s, user, policy: { kind: 'delete-after-download' } }), password, store, {
      ca: server.caCertPem,
    });
    await expectFail(h.worker.syncNow(), 'disk_full');
    expect(serverFiles(user)).toHaveLength(8);
    expect(await store.db.messages.count()).toBe(0);
    expect(h.statuses.at(-1)?.error?.code).toBe('disk_full');
  });

  it('a disk without room for the download stops before anything is downloaded or deleted', async () => {
    const { user, password } = nextUser();
    seedMaildir(server, user, generateMessages(5, { seed: 61 }));
    const store = directStore();
    const h = popWorker(popAccount({ port: server.ports.pop3s, user, policy: { kind: 'delete-after-download' } }), password, store, {
      ca: server.caCertPem,
    });
    h.freeBytes.value = 10_000;
    const err = await expectFail(h.worker.syncNow(), 'disk_full');
    expect(err.message).toContain('nothing was deleted from the server');
    expect(serverFiles(user)).toHaveLength(5);
    expect(await store.db.messages.count()).toBe(0);
  });

  it('a new message delivered between two checks arrives once', async () => {
    const { user, password } = nextUser();
    seedMaildir(server, user, generateMessages(4, { seed: 71 }));
    const store = directStore();
    const h = popWorker(
      popAccount({ port: server.ports.pop3, user, policy: { kind: 'keep-forever' }, security: 'starttls' }),
      password,
      store,
      { ca: server.caCertPem },
    );
    await h.worker.syncNow();
    await server.deliver(
      user,
      'From: Carol <carol@homing.test>\r\nTo: you@homing.test\r\nSubject: Fresh\r\nMessage-ID: <fresh@homing.test>\r\n\r\nJust arrived.\r\n',
    );
    await h.worker.syncNow();
    await h.worker.syncNow();
    const messages = await store.db.messages.toArray();
    expect(messages).toHaveLength(5);
    expect(messages.filter((m) => m.subject === 'Fresh')).toHaveLength(1);
    expect(serverFiles(user)).toHaveLength(5);
  });

  it('mail that disappears from the server is never deleted here, and is then marked as the only copy', async () => {
    const { user, password } = nextUser();
    seedMaildir(server, user, generateMessages(6, { seed: 81 }));
    const store = directStore();
    const h = popWorker(popAccount({ port: server.ports.pop3s, user, policy: { kind: 'keep-forever' } }), password, store, {
      ca: server.caCertPem,
    });
    await h.worker.syncNow();
    // Another client (webmail) empties the mailbox.
    for (const sub of ['new', 'cur']) rmSync(join(server.maildir(user), sub), { recursive: true, force: true });
    await h.worker.syncNow();
    const messages = await store.db.messages.toArray();
    expect(messages).toHaveLength(6);
    expect(await store.db.sources.count()).toBe(6);
    expect(messages.every((m) => m.location === 'local')).toBe(true);
  });

  it('headers only above a size, the body fetched when opened', async () => {
    const { user, password } = nextUser();
    const written = seedMaildir(server, user, generateMessages(20, { seed: 91 }));
    const limitKb = 8;
    const store = directStore();
    const h = popWorker(
      popAccount({ port: server.ports.pop3s, user, policy: { kind: 'delete-after-download' }, headersOnlyAboveKb: limitKb }),
      password,
      store,
      { ca: server.caCertPem },
    );
    await h.worker.syncNow();
    const big = written.filter((f) => f.bytes.length > limitKb * 1024);
    expect(big.length).toBeGreaterThan(0);
    // Only the whole messages left the server; the big ones stay until their bodies are here.
    expect(serverFiles(user)).toHaveLength(big.length);
    const headersOnly = (await store.db.messages.toArray()).filter((m) => !m.hasSource);
    expect(headersOnly).toHaveLength(big.length);

    const opened = await h.worker.fetchSource(headersOnly[0]!.id);
    expect(big.map((f) => sha(f.bytes))).toContain(sha(opened.bytes));
    expect((await store.db.messages.get(headersOnly[0]!.id))?.hasSource).toBe(true);
    await h.worker.syncNow();
    expect(serverFiles(user)).toHaveLength(big.length - 1);
  });

  it('a wrong password is a clear auth failure, with the password nowhere in the error', async () => {
    const { user } = nextUser();
    const store = directStore();
    const h = popWorker(popAccount({ port: server.ports.pop3s, user, policy: { kind: 'keep-forever' } }), 'not-the-password-xyz', store, {
      ca: server.caCertPem,
    });
    const err = await expectFail(h.worker.syncNow(), 'auth_failed');
    expect(err.message).not.toContain('not-the-password-xyz');
  });

  it('an untrusted certificate is refused with its fingerprint, and accepted once pinned', async () => {
    const { user, password } = nextUser();
    const store = directStore();
    const account = popAccount({ port: server.ports.pop3s, user, policy: { kind: 'keep-forever' } });
    const err = await expectFail(popWorker(account, password, store).worker.syncNow(), 'untrusted_certificate');
    expect(err.detail?.fingerprint256).toBe(server.certFingerprint256);
    const pinned = { ...account, incoming: { ...account.incoming, trustedFingerprint256: server.certFingerprint256 } };
    await popWorker(pinned, password, store).worker.syncNow();
  });
});
