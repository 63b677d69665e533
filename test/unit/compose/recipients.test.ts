import 'fake-indexeddb/auto';

import { describe, expect, it } from 'vitest';

import { suggestAddresses } from '../../../renderer/features/compose/address-suggestions';
import { completeWith, formatRecipients, lastTyped, parseRecipients } from '../../../renderer/features/compose/recipients';
import { openHomingDb } from '../../../renderer/store/db';
import { createStoreWriter } from '../../../renderer/store/writer';

describe('recipient fields', () => {
  it('parses names, bare addresses, quoted commas, and reports the rest', () => {
    expect(parseRecipients('"Lee, Ann" <ann@x.org>; bob@y.org,  Zoë <zoe@z.org>, nope')).toEqual({
      addresses: [
        { name: 'Lee, Ann', address: 'ann@x.org' },
        { name: '', address: 'bob@y.org' },
        { name: 'Zoë', address: 'zoe@z.org' },
      ],
      invalid: ['nope'],
    });
    expect(parseRecipients('')).toEqual({ addresses: [], invalid: [] });
  });
  it('formats back so parsing gives the same list', () => {
    const list = [
      { name: 'Lee, Ann', address: 'ann@x.org' },
      { name: '', address: 'bob@y.org' },
    ];
    expect(parseRecipients(formatRecipients(list)).addresses).toEqual(list);
  });
  it('completes the part being typed', () => {
    expect(lastTyped('a@x, Bo')).toBe('Bo');
    expect(completeWith('a@x, Bo', { name: 'Bob', address: 'bob@y' })).toBe('a@x, Bob <bob@y>, ');
    expect(completeWith('Bo', { name: '', address: 'bob@y' })).toBe('bob@y, ');
  });
});

describe('address suggestions from the store', () => {
  it('finds people by name or address part, most frequent first', async () => {
    const db = openHomingDb(`suggest-${Math.random()}`);
    const writer = createStoreWriter(db);
    const account = {
      id: 'a',
      createdAt: 0,
      name: 'A',
      email: 'a@x',
      mode: 'pop3' as const,
      incoming: { host: 'h', port: 995, security: 'tls' as const, username: 'u', allowCleartextPassword: false },
    };
    const msg = (i: number, from: { name: string; address: string }, to: { name: string; address: string }[]) => ({
      id: `a/${i}`,
      accountId: 'a',
      folderId: 'a/INBOX',
      remoteKey: String(i),
      messageId: null,
      inReplyTo: null,
      subject: `s${i}`,
      from: [from],
      to,
      cc: [],
      date: i,
      size: 1,
      seen: true,
      flagged: false,
      answered: false,
      hasAttachments: false,
      snippet: '',
      location: 'local' as const,
      serverCopyUntil: null,
      hasSource: false,
    });
    const r = await writer.handle({
      kind: 'apply',
      batch: {
        id: 'b',
        accountId: 'a',
        ops: [
          { op: 'putAccount', account },
          {
            op: 'putFolders',
            folders: [
              {
                id: 'a/INBOX',
                accountId: 'a',
                path: 'INBOX',
                name: 'Inbox',
                parentPath: null,
                role: 'inbox',
                local: true,
                subscribed: true,
              },
            ],
          },
          {
            op: 'putMessages',
            messages: [
              msg(1, { name: 'Bob Bäcker', address: 'bob@homing.test' }, [{ name: '', address: 'a@x' }]),
              msg(2, { name: 'Bob Bäcker', address: 'bob@homing.test' }, [{ name: 'Carol', address: 'carol@homing.test' }]),
              msg(3, { name: 'Roberta', address: 'bobbie@z.org' }, [{ name: '', address: 'a@x' }]),
            ],
            sources: [],
          },
        ],
      },
    });
    expect(r.ok).toBe(true);
    const bob = await suggestAddresses(db, 'bo');
    expect(bob.map((s) => s.address)).toEqual(['bob@homing.test', 'bobbie@z.org']);
    expect(bob[0]).toMatchObject({ name: 'Bob Bäcker', count: 2 });
    expect((await suggestAddresses(db, 'carol')).map((s) => s.address)).toEqual(['carol@homing.test']);
    expect(await suggestAddresses(db, ' ')).toEqual([]);
  });
});
