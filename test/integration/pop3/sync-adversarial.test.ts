import { describe, expect, it } from 'vitest';

import { HomingError } from '../../../electron/contract';
import { foldPopState } from '../../../renderer/store/pop-state';
import { directStore } from '../../helpers/direct-store';
import { popAccount, popWorker } from '../../helpers/pop3-account';
import { defaultCapa, mailboxScript } from '../../unit/pop3/helpers/mailbox-script';
import { startScriptServer } from '../../unit/pop3/helpers/script-server';

/** What Dovecot never does, from a loopback server that says exactly what the test scripts. */

const message = (n: number) =>
  Buffer.from(
    `From: Sender ${n} <s${n}@homing.test>\r\nTo: you@homing.test\r\nSubject: Message ${n}\r\nMessage-ID: <m${n}@homing.test>\r\n\r\nBody ${n}\r\n.leading dot\r\n`,
  );

const USER = 'alice';
const PASS = 'secret';

const codeOf = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HomingError);
  return err as HomingError;
};

const account = (port: number, policy: Parameters<typeof popAccount>[0]['policy']) =>
  popAccount({ port, user: USER, policy, security: 'none' });

describe('POP3 download engine against an adversarial server', () => {
  it('QUIT answered -ERR: nothing counts as deleted, and the next check finishes the job', async () => {
    let quitFails = true;
    const { script, box } = mailboxScript({
      messages: [1, 2, 3, 4, 5].map(message),
      on: {
        QUIT: (_args, s, b) => {
          if (!quitFails) {
            b.removed.push(...[...b.marked].sort((x, y) => x - y));
            s.send('+OK bye\r\n');
          } else {
            // RFC 1939 §6: the UPDATE state failed, the marks are dropped.
            b.marked.clear();
            s.send('-ERR [SYS/TEMP] could not update the mailbox\r\n');
          }
          s.socket.end();
          return 'stop';
        },
      },
    });
    const server = await startScriptServer(script);
    try {
      const store = directStore();
      const h = popWorker(account(server.port, { kind: 'delete-after-download' }), PASS, store);
      await h.worker.syncNow();
      expect(h.statuses.at(-1)?.error?.code).toBe('server_refused');
      expect(box.removed).toEqual([]);
      expect(await store.db.messages.count()).toBe(5);
      const states = foldPopState(await store.db.popStateLog.toArray());
      expect(states).toHaveLength(5);
      expect(states.every((s) => s.state === 'delete-pending')).toBe(true);
      expect((await store.db.messages.toArray()).every((m) => m.location === 'server+local')).toBe(true);

      quitFails = false;
      await h.worker.syncNow();
      expect(box.removed).toEqual([1, 2, 3, 4, 5]);
      expect(await store.db.messages.count()).toBe(5);
      expect((await store.db.messages.toArray()).every((m) => m.location === 'local')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('a silent server times out with a clear error and nothing changes', async () => {
    const server = await startScriptServer(async () => {
      /* never says a word */
    });
    try {
      const store = directStore();
      const h = popWorker(account(server.port, { kind: 'delete-after-download' }), PASS, store, { timeouts: { greetingMs: 300 } });
      expect((await codeOf(h.worker.syncNow())).code).toBe('timeout');
      expect(h.statuses.at(-1)?.error?.code).toBe('timeout');
      expect(await store.db.messages.count()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('a server without UIDL is refused, with the reason, when mail should stay on the server', async () => {
    const { script, box } = mailboxScript({
      messages: [1, 2].map(message),
      capa: defaultCapa.filter((c) => c !== 'UIDL'),
      on: { UIDL: (_a, s) => void s.send('-ERR command not supported\r\n') },
    });
    const server = await startScriptServer(script);
    try {
      const store = directStore();
      const h = popWorker(account(server.port, { kind: 'keep-days', days: 14 }), PASS, store);
      const err = await codeOf(h.worker.syncNow());
      expect(err.code).toBe('no_uidl');
      expect(err.message).toMatch(/Delete from the server after download/);
      expect(await store.db.messages.count()).toBe(0);
      expect(box.removed).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('without UIDL, delete-after-download recognises a message stored before a crash and stores it once', async () => {
    const { script, box } = mailboxScript({
      messages: [1, 2, 3].map(message),
      capa: defaultCapa.filter((c) => c !== 'UIDL'),
      on: { UIDL: (_a, s) => void s.send('-ERR command not supported\r\n') },
    });
    const server = await startScriptServer(script);
    try {
      const store = directStore();
      let crashes = 1;
      store.afterCommit = (req) => {
        if (req.kind === 'apply' && req.batch.ops.some((o) => o.op === 'putMessages') && crashes-- > 0) throw new Error('killed');
      };
      const h = popWorker(account(server.port, { kind: 'delete-after-download' }), PASS, store);
      await expect(h.worker.syncNow()).rejects.toThrow('killed');
      expect(box.removed).toEqual([]);
      await h.worker.syncNow();
      expect(box.removed).toEqual([1, 2, 3]);
      expect(await store.db.messages.count()).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('a message that vanishes between UIDL and RETR is skipped; the rest arrive', async () => {
    const { script } = mailboxScript({
      messages: [1, 2, 3].map(message),
      on: {
        RETR: (args, s, b) =>
          void s.send(
            args === '2'
              ? '-ERR no such message\r\n'
              : Buffer.concat([Buffer.from(`+OK\r\n`), Buffer.from(b.messages[Number(args) - 1]!), Buffer.from('.\r\n')]),
          ),
      },
    });
    const server = await startScriptServer(script);
    try {
      const store = directStore();
      const h = popWorker(account(server.port, { kind: 'keep-forever' }), PASS, store);
      await h.worker.syncNow();
      expect((await store.db.messages.toArray()).map((m) => m.subject).sort()).toEqual(['Message 1', 'Message 3']);
    } finally {
      await server.close();
    }
  });

  it('two messages under one UIDL: one is stored, neither is ever deleted', async () => {
    const { script, box } = mailboxScript({
      messages: [1, 2, 3].map(message),
      on: { UIDL: (_a, s) => void s.send('+OK\r\n1 dup\r\n2 dup\r\n3 uid-3\r\n.\r\n') },
    });
    const server = await startScriptServer(script);
    try {
      const store = directStore();
      const h = popWorker(account(server.port, { kind: 'delete-after-download' }), PASS, store);
      await h.worker.syncNow();
      await h.worker.syncNow();
      expect(box.removed).toEqual([3]);
      expect(await store.db.messages.count()).toBe(2);
    } finally {
      await server.close();
    }
  });
});
