import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { type ThreadInput, threadMessages } from '../../../../../../renderer/features/mail/threads/thread-messages';

const msg = (id: string, date: number, over: Partial<ThreadInput> = {}): ThreadInput => ({
  id,
  messageId: `<${id}@x>`,
  inReplyTo: null,
  subject: `Subject ${id}`,
  date,
  ...over,
});
const reply = (id: string, date: number, to: string, over: Partial<ThreadInput> = {}) => msg(id, date, { inReplyTo: `<${to}@x>`, ...over });
const partition = (threads: { ids: string[] }[]) => threads.map((t) => [...t.ids].sort().join(',')).sort();

describe('threadMessages', () => {
  it('links replies by In-Reply-To, orders each thread oldest first and threads by their newest message', () => {
    const threads = threadMessages([
      msg('a', 1),
      reply('b', 3, 'a'),
      reply('c', 5, 'b'),
      msg('x', 4),
      reply('y', 2, 'x'), // a reply older than its parent (clock skew) still joins it
    ]);
    expect(threads).toEqual([
      { rootId: 'a', ids: ['a', 'b', 'c'], newestId: 'c', latestDate: 5 },
      { rootId: 'y', ids: ['y', 'x'], newestId: 'x', latestDate: 4 },
    ]);
  });

  it('keeps siblings of a missing parent together, through References', () => {
    const threads = threadMessages([
      msg('b', 2, { references: ['<gone@x>'], inReplyTo: '<gone@x>' }),
      msg('c', 3, { references: ['<gone@x>'] }),
      msg('d', 4, { references: ['<gone@x>', '<c@x>'] }),
    ]);
    expect(partition(threads)).toEqual(['b,c,d']);
  });

  it('falls back to the subject only for a reply without any reference', () => {
    const threads = threadMessages([
      msg('a', 1, { subject: 'Lunch' }),
      msg('b', 2, { subject: 'Re: Lunch' }), // no headers: joins "Lunch"
      msg('c', 3, { subject: 'Lunch' }), // not a reply: a conversation of its own
      reply('d', 4, 'zz', { subject: 'RE: lunch' }), // has a reference: never matched by subject
      msg('e', 5, { subject: 'Re: Dinner' }),
      msg('f', 6, { subject: 'Fwd: Re: Dinner' }), // two orphans meet each other
      msg('g', 7, { subject: 'Re:' }),
      msg('h', 8, { subject: 'Re:' }), // empty subjects never match
    ]);
    expect(partition(threads)).toEqual(['a,b', 'c', 'd', 'e,f', 'g', 'h']);
  });

  it('survives loops, self-references and duplicate Message-IDs', () => {
    expect(partition(threadMessages([reply('a', 1, 'b'), reply('b', 2, 'a')]))).toEqual(['a,b']);
    expect(partition(threadMessages([reply('a', 1, 'a')]))).toEqual(['a']);
    expect(
      partition(threadMessages([msg('a', 1, { references: ['<b@x>', '<a@x>', '<b@x>'] }), msg('b', 2, { references: ['<a@x>'] })])),
    ).toEqual(['a,b']);
    const dup = threadMessages([msg('a', 1), msg('a2', 2, { messageId: '<a@x>' }), reply('r', 3, 'a')]);
    expect(partition(dup)).toEqual(['a,r', 'a2']);
    expect(partition(threadMessages([msg('n1', 1, { messageId: null }), msg('n2', 2, { messageId: null })]))).toEqual(['n1', 'n2']);
  });

  const arbMessages = fc
    .array(
      fc.record({
        parent: fc.option(fc.nat(12)),
        refs: fc.array(fc.nat(14), { maxLength: 3 }),
        hasId: fc.boolean(),
        subject: fc.constantFrom('Lunch', 'Re: Lunch', 'Plans', 'Re: Plans', 'Fwd: Lunch', ''),
        date: fc.integer({ min: 0, max: 50 }),
      }),
      { maxLength: 12 },
    )
    .map((raw) =>
      raw.map((r, i): ThreadInput => ({
        id: `m${i}`,
        messageId: r.hasId ? `<m${i}@x>` : null,
        inReplyTo: r.parent === null ? null : `<m${r.parent}@x>`,
        references: r.refs.map((n) => `<m${n}@x>`),
        subject: r.subject,
        date: r.date,
      })),
    );

  it('puts every message in exactly one thread, whatever the input order', () => {
    fc.assert(
      fc.property(arbMessages, fc.func(fc.integer()), (messages, order) => {
        const threads = threadMessages(messages);
        const all = threads.flatMap((t) => t.ids);
        expect([...all].sort()).toEqual(messages.map((m) => m.id).sort());
        const shuffled = [...messages].sort((a, b) => order(a.id) - order(b.id));
        expect(threadMessages(shuffled)).toEqual(threads);
        for (const t of threads) {
          const dates = t.ids.map((id) => messages.find((m) => m.id === id)!.date);
          expect(dates).toEqual([...dates].sort((a, b) => a - b));
          expect(t.rootId).toBe(t.ids[0]);
          expect(t.newestId).toBe(t.ids[t.ids.length - 1]);
        }
        const latest = threads.map((t) => t.latestDate);
        expect(latest).toEqual([...latest].sort((a, b) => b - a));
      }),
    );
  });

  it('keeps a reply with its parent whenever the parent is in the set under a unique Message-ID and no loop intervenes', () => {
    fc.assert(
      fc.property(arbMessages, (messages) => {
        const threadOf = new Map(threadMessages(messages).flatMap((t, i) => t.ids.map((id) => [id, i] as const)));
        for (const m of messages) {
          if (!m.inReplyTo || (m.references ?? []).length > 0) continue;
          const parents = messages.filter((p) => p.messageId === m.inReplyTo);
          if (parents.length !== 1 || parents[0] === m) continue;
          // Only single-link inputs: with References in play a loop may legitimately cut a link.
          if (messages.some((x) => (x.references ?? []).length > 0)) continue;
          const loop = (() => {
            const seen = new Set<string>();
            for (let at: ThreadInput | undefined = parents[0]; at; at = messages.find((p) => p.messageId === at!.inReplyTo)) {
              if (at === m || seen.has(at.id)) return true;
              seen.add(at.id);
            }
            return false;
          })();
          if (!loop) expect(threadOf.get(m.id)).toBe(threadOf.get(parents[0]!.id));
        }
      }),
    );
  });

  it('never joins two messages that have no references and whose subjects are not replies', () => {
    fc.assert(
      fc.property(arbMessages, (messages) => {
        const plain = messages.filter((m) => !m.inReplyTo && (m.references ?? []).length === 0 && !/^(re|fwd?):/i.test(m.subject));
        const referenced = new Set(messages.flatMap((m) => [m.inReplyTo, ...(m.references ?? [])]));
        const loners = plain.filter((m) => !m.messageId || !referenced.has(m.messageId));
        const threadOf = new Map(threadMessages(messages).flatMap((t, i) => t.ids.map((id) => [id, i] as const)));
        expect(new Set(loners.map((m) => threadOf.get(m.id))).size).toBe(loners.length);
      }),
    );
  });
});
