import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { newMailOf, type NoticeContext, noticesFor } from '../../../../../../renderer/features/mail/notify/mail-notices';
import type { Arrival } from '../../../../../../renderer/store/arrivals';

const arrival = (over: Partial<Arrival> & { id: string }): Arrival => ({
  accountId: 'work',
  folderId: 'work/INBOX',
  messageId: `<${over.id}@x>`,
  subject: `Subject ${over.id}`,
  from: { name: `Sender ${over.id}`, address: `${over.id}@example.org` },
  seen: false,
  date: 1_000,
  ...over,
});

const ctx = (over: Partial<NoticeContext> = {}): NoticeContext => ({
  enabled: true,
  firstSync: new Set(),
  moved: new Set(),
  inboxes: new Set(['work/INBOX', 'home/INBOX']),
  accountNames: new Map([
    ['work', 'Work'],
    ['home', 'Home'],
  ]),
  ...over,
});

describe('noticesFor', () => {
  it('names the sender and subject of a single new message', () => {
    expect(noticesFor([arrival({ id: 'a', subject: 'Lunch?', from: { name: 'Ana', address: 'ana@x' } })], ctx())).toEqual([
      { accountId: 'work', title: 'Ana', body: 'Lunch?', openId: 'a', folderId: 'work/INBOX', count: 1 },
    ]);
    expect(noticesFor([arrival({ id: 'a', subject: ' ', from: { name: '', address: 'bo@x' } })], ctx())[0]).toMatchObject({
      title: 'bo@x',
      body: '(no subject)',
    });
    expect(noticesFor([arrival({ id: 'a', from: null })], ctx())[0]?.title).toBe('Unknown sender');
  });

  it('counts several per account, opens the newest, and lists who sent them', () => {
    const notices = noticesFor(
      [
        arrival({ id: 'a', date: 5, from: { name: 'Ana', address: 'a@x' } }),
        arrival({ id: 'b', date: 9, from: { name: 'Bo', address: 'b@x' } }),
        arrival({ id: 'c', date: 7, from: { name: 'Ana', address: 'a@x' } }),
        arrival({ id: 'd', date: 1, from: { name: 'Cy', address: 'c@x' } }),
        arrival({ id: 'e', date: 2, from: { name: 'Di', address: 'd@x' } }),
        arrival({ id: 'h', accountId: 'home', folderId: 'home/INBOX' }),
      ],
      ctx(),
    );
    expect(notices).toEqual([
      {
        accountId: 'work',
        title: '5 new messages in Work',
        body: 'From Ana, Bo and 2 more',
        openId: 'b',
        folderId: 'work/INBOX',
        count: 5,
      },
      expect.objectContaining({ accountId: 'home', count: 1, openId: 'h' }),
    ]);
    expect(noticesFor([arrival({ id: 'a' }), arrival({ id: 'b', from: { name: 'Bo', address: '' } })], ctx())[0]?.body).toBe(
      'From Sender a and Bo',
    );
  });

  it('stays silent for read mail, other folders, moved mail, a first sync, duplicates, and when turned off', () => {
    const a = arrival({ id: 'a' });
    expect(noticesFor([arrival({ id: 'r', seen: true })], ctx())).toEqual([]);
    expect(noticesFor([arrival({ id: 'j', folderId: 'work/Junk' })], ctx())).toEqual([]);
    expect(noticesFor([a], ctx({ moved: new Set([a.messageId!]) }))).toEqual([]);
    expect(noticesFor([a], ctx({ firstSync: new Set(['work']) }))).toEqual([]);
    expect(noticesFor([a], ctx({ enabled: false }))).toEqual([]);
    expect(noticesFor([a, a], ctx())[0]?.count).toBe(1);
    // A message without a Message-ID is never taken for a moved one.
    expect(noticesFor([arrival({ id: 'n', messageId: null })], ctx({ moved: new Set(['']) }))).toHaveLength(1);
  });

  it('for any arrivals: new mail is exactly the unread inbox rows not moved and not in a first sync, one notice per account with them', () => {
    const arb = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      accountId: fc.constantFrom('work', 'home', 'new'),
      folder: fc.constantFrom('INBOX', 'Junk'),
      messageId: fc.option(fc.constantFrom('<1@x>', '<2@x>', '<3@x>')),
      seen: fc.boolean(),
      date: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(
        fc.array(arb, { maxLength: 20 }),
        fc.subarray(['work', 'home', 'new']),
        fc.subarray(['<1@x>', '<2@x>']),
        fc.boolean(),
        (raw, first, movedIds, enabled) => {
          const arrivals = raw.map((r) =>
            arrival({
              id: `${r.accountId}-${r.id}`,
              accountId: r.accountId,
              folderId: `${r.accountId}/${r.folder}`,
              messageId: r.messageId,
              seen: r.seen,
              date: r.date,
            }),
          );
          const c = ctx({
            enabled,
            firstSync: new Set(first),
            moved: new Set(movedIds),
            inboxes: new Set(['work/INBOX', 'home/INBOX', 'new/INBOX']),
          });
          const unique = [...new Map(arrivals.map((a) => [a.id, a])).values()];
          const firstOfEach = unique.map((u) => arrivals.find((a) => a.id === u.id)!);
          const expected = firstOfEach.filter(
            (a) =>
              enabled &&
              !a.seen &&
              a.folderId.endsWith('/INBOX') &&
              !first.includes(a.accountId) &&
              !(a.messageId && movedIds.includes(a.messageId)),
          );
          expect(newMailOf(arrivals, c)).toEqual(expected);
          const notices = noticesFor(arrivals, c);
          expect(notices.map((n) => n.accountId).sort()).toEqual([...new Set(expected.map((a) => a.accountId))].sort());
          for (const n of notices) {
            const mine = expected.filter((a) => a.accountId === n.accountId);
            expect(n.count).toBe(mine.length);
            expect(mine.map((a) => a.id)).toContain(n.openId);
            expect(mine.find((a) => a.id === n.openId)!.date).toBe(Math.max(...mine.map((a) => a.date)));
          }
        },
      ),
    );
  });
});
