import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { HomingError } from '../../../electron/contract';
import { silentLogger } from '../../../electron/engine/log';
import { Outbox, type OutboxDeps } from '../../../electron/engine/outbox/outbox';
import type { OutboxRecord } from '../../../electron/engine/outbox/outbox-state';
import type { SendResult } from '../../../electron/engine/smtp/send-message';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const newRecord = (id: string): OutboxRecord => ({
  id,
  accountId: 'a',
  draftId: 'draft-0001',
  messageId: '<m@x>',
  subject: 's',
  to: ['b@x'],
  envelope: { from: 'a@x', to: ['b@x'] },
  size: 5,
  state: 'queued',
  transmitting: false,
  attempts: 0,
  createdAt: 0,
  nextAttemptAt: 0,
  sentAt: null,
  lastError: null,
  sentCopy: 'pending',
  origin: null,
  originFlagged: false,
  draftRemoved: false,
});

/** An Outbox whose "server" is a script; `crashAt` throws from inside send to imitate the process dying. */
const open = (dir: string, send: OutboxDeps['send'], steps: string[] = []) =>
  Outbox.open({
    dir,
    log: silentLogger,
    now: () => 1_000,
    schedule: false,
    onChange: () => undefined,
    send,
    after: {
      sentCopy: async () => {
        steps.push('sentCopy');
        return 'done';
      },
      flagOrigin: async () => {
        steps.push('flag');
      },
      removeDraft: async () => {
        steps.push('removeDraft');
      },
    },
  });

const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'homing-outbox-'));
  dirs.push(d);
  return d;
};

class Crash extends Error {}

describe('Outbox runner', () => {
  it('sends, writes the Sent copy, removes the draft, and leaves no files behind', async () => {
    const dir = tempDir();
    const steps: string[] = [];
    const seen: Buffer[] = [];
    const outbox = await open(
      dir,
      async (_r, message, beforeData) => {
        await beforeData();
        seen.push(message);
        return { kind: 'accepted', response: '250', sizeLimit: null };
      },
      steps,
    );
    await outbox.enqueue(newRecord('msg-00000001'), Buffer.from('hello'));
    const after = await outbox.attempt('msg-00000001');
    expect(after.state).toBe('sent');
    expect(seen.map(String)).toEqual(['hello']);
    expect(steps).toEqual(['sentCopy', 'removeDraft']);
    expect(outbox.list()).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a crash before the first message byte: after restart the message is simply queued and sent once', async () => {
    const dir = tempDir();
    const first = await open(dir, async () => {
      throw new Crash('process died while connecting');
    });
    await first.enqueue(newRecord('msg-00000002'), Buffer.from('x'));
    // Imitate dying mid-attempt: the in-memory outbox is abandoned with state "sending" on disk.
    await first.attempt('msg-00000002').catch(() => undefined);
    // (the runner turned the throw into an outcome; write the crash state by hand to model a kill)
    const { OutboxFiles } = await import('../../../electron/engine/outbox/outbox-files');
    const files = await OutboxFiles.open(dir);
    await files.save({ ...newRecord('msg-00000002'), state: 'sending', transmitting: false, attempts: 0 });

    let sends = 0;
    const second = await open(dir, async (_r, _m, beforeData) => {
      await beforeData();
      sends++;
      return { kind: 'accepted', response: '250', sizeLimit: null };
    });
    expect(second.list()).toEqual([expect.objectContaining({ state: 'queued' })]);
    await second.runDue();
    expect(sends).toBe(1);
    expect(second.list()).toEqual([]);
  });

  it('a crash after bytes went out: after restart the message is uncertain and not sent again', async () => {
    const dir = tempDir();
    let killed = false;
    const first = await open(dir, async (_r, _m, beforeData) => {
      await beforeData();
      killed = true;
      // The process "dies" here: never returns.
      return new Promise<SendResult>(() => undefined);
    });
    await first.enqueue(newRecord('msg-00000003'), Buffer.from('x'));
    void first.attempt('msg-00000003');
    await new Promise((r) => setTimeout(r, 50));
    expect(killed).toBe(true);

    let sends = 0;
    const second = await open(dir, async () => {
      sends++;
      return { kind: 'accepted', response: '250', sizeLimit: null };
    });
    expect(second.list()).toEqual([expect.objectContaining({ id: 'msg-00000003', state: 'uncertain' })]);
    await second.runDue();
    expect(sends).toBe(0);
    await expect(second.retry('msg-00000003', false)).rejects.toThrow(HomingError);
    expect(sends).toBe(0);
  });

  it('a throw from send after bytes went out is treated as "may have been sent"', async () => {
    const dir = tempDir();
    const outbox = await open(dir, async (_r, _m, beforeData) => {
      await beforeData();
      throw new Error('bug');
    });
    await outbox.enqueue(newRecord('msg-00000004'), Buffer.from('x'));
    expect((await outbox.attempt('msg-00000004')).state).toBe('uncertain');
  });

  it('joins a running attempt instead of starting a second SMTP session', async () => {
    const dir = tempDir();
    let sends = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const outbox = await open(dir, async () => {
      sends++;
      await gate;
      return { kind: 'accepted', response: '250', sizeLimit: null };
    });
    await outbox.enqueue(newRecord('msg-00000005'), Buffer.from('x'));
    const a = outbox.attempt('msg-00000005');
    const b = outbox.attempt('msg-00000005');
    await expect(outbox.cancel('msg-00000005')).rejects.toThrow(/being sent/);
    release();
    await Promise.all([a, b]);
    expect(sends).toBe(1);
  });

  it('tidies an .eml whose record was never written (died between the two writes)', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'orphan-0001.eml'), 'x');
    const outbox = await open(dir, async () => ({ kind: 'accepted', response: '', sizeLimit: null }));
    expect(outbox.list()).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });
});
