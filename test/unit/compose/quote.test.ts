import { describe, expect, it } from 'vitest';

import {
  attribution,
  forwardBody,
  forwardSubject,
  type OriginalMessage,
  parseMessageIds,
  quoteText,
  replyBody,
  replyRecipients,
  replyReferences,
  replySubject,
  withSignature,
} from '../../../electron/engine/compose/quote';

const original = (over: Partial<OriginalMessage> = {}): OriginalMessage => ({
  messageId: '<m3@x>',
  inReplyTo: null,
  references: [],
  subject: 'Plan',
  from: [{ name: 'Carol', address: 'carol@x.org' }],
  replyTo: [],
  to: [{ name: 'Alice', address: 'alice@homing.test' }],
  cc: [],
  date: Date.UTC(2026, 0, 2, 9, 30),
  text: 'Line one\nLine two\n',
  ...over,
});

describe('References chain (RFC 5322 §3.6.4)', () => {
  it('is the parent’s References followed by its Message-ID', () => {
    expect(replyReferences(original({ references: ['<m1@x>', '<m2@x>'] }))).toEqual(['<m1@x>', '<m2@x>', '<m3@x>']);
  });
  it('falls back to a single-id In-Reply-To when the parent has no References', () => {
    expect(replyReferences(original({ inReplyTo: '<m2@x>' }))).toEqual(['<m2@x>', '<m3@x>']);
  });
  it('ignores an In-Reply-To holding several ids (it cannot tell which is the parent)', () => {
    expect(replyReferences(original({ inReplyTo: '<a@x> <b@x>' }))).toEqual(['<m3@x>']);
  });
  it('starts a chain at the parent for a first reply', () => {
    expect(replyReferences(original())).toEqual(['<m3@x>']);
  });
  it('adds brackets to bare ids and never repeats the parent', () => {
    expect(replyReferences(original({ messageId: 'm3@x', references: ['m1@x', '<m3@x>'] }))).toEqual(['<m1@x>', '<m3@x>']);
  });
  it('has nothing to reference when the parent has no id', () => {
    expect(replyReferences(original({ messageId: null }))).toEqual([]);
  });
  it('keeps the root and the newest ids of a very long thread', () => {
    const refs = Array.from({ length: 40 }, (_, i) => `<r${i}@x>`);
    const chain = replyReferences(original({ references: refs }));
    expect(chain).toHaveLength(20);
    expect(chain[0]).toBe('<r0@x>');
    expect(chain.slice(-2)).toEqual(['<r39@x>', '<m3@x>']);
  });
  it('parses ids from header text in order, once each', () => {
    expect(parseMessageIds(' <a@x>\r\n <b@x> junk <a@x>')).toEqual(['<a@x>', '<b@x>']);
    expect(parseMessageIds(null)).toEqual([]);
  });
});

describe('subjects', () => {
  it.each([
    ['Plan', 'Re: Plan'],
    ['Re: Plan', 'Re: Plan'],
    ['RE: Re: AW: Plan', 'Re: Plan'],
    ['Re[2]: Plan', 'Re: Plan'],
    ['', 'Re:'],
  ])('reply to %j is %j', (s, want) => expect(replySubject(s)).toBe(want));
  it.each([
    ['Plan', 'Fwd: Plan'],
    ['Fwd: Fw: Plan', 'Fwd: Plan'],
    ['Re: Plan', 'Fwd: Re: Plan'],
  ])('forward of %j is %j', (s, want) => expect(forwardSubject(s)).toBe(want));
});

describe('reply recipients', () => {
  const me = ['alice@homing.test'];
  it('answers Reply-To when present, else From', () => {
    expect(replyRecipients(original(), me, false).to.map((a) => a.address)).toEqual(['carol@x.org']);
    expect(replyRecipients(original({ replyTo: [{ name: 'List', address: 'list@x.org' }] }), me, false).to.map((a) => a.address)).toEqual([
      'list@x.org',
    ]);
  });
  it('reply all puts the other To and Cc in Cc, never me, nobody twice', () => {
    const r = replyRecipients(
      original({
        to: [
          { name: 'Alice', address: 'ALICE@homing.test' },
          { name: 'Dan', address: 'dan@x.org' },
        ],
        cc: [
          { name: 'Carol again', address: 'carol@x.org' },
          { name: 'Eve', address: 'eve@x.org' },
          { name: 'Dan', address: 'Dan@x.org' },
        ],
      }),
      me,
      true,
    );
    expect(r.to.map((a) => a.address)).toEqual(['carol@x.org']);
    expect(r.cc.map((a) => a.address)).toEqual(['dan@x.org', 'eve@x.org']);
  });
  it('replying to my own message goes to its recipients', () => {
    const r = replyRecipients(
      original({ from: [{ name: 'Alice', address: 'alice@homing.test' }], to: [{ name: 'Bob', address: 'bob@x.org' }] }),
      me,
      false,
    );
    expect(r.to.map((a) => a.address)).toEqual(['bob@x.org']);
  });
});

describe('quoting (RFC 3676)', () => {
  it('prefixes lines, stacks quote levels, drops the old signature and trailing blank lines', () => {
    expect(quoteText('Hi\r\n\r\n> earlier\n>> older\nBye\n-- \nCarol\n\n')).toBe('> Hi\n>\n>> earlier\n>>> older\n> Bye');
  });
  it('puts the attribution above the quote and the signature above that', () => {
    const body = replyBody(original(), 'Alice');
    expect(body).toBe('\n\n-- \nAlice\n\nOn Fri, 02 Jan 2026 09:30:00 UTC, Carol wrote:\n> Line one\n> Line two\n');
    expect(attribution(original({ date: null, from: [] }))).toBe('someone wrote:');
  });
  it('lays out an inline forward with the original headers', () => {
    const body = forwardBody(original({ cc: [{ name: '', address: 'dan@x.org' }] }), '');
    expect(body).toContain(
      '-------- Forwarded Message --------\nSubject: Plan\nDate: Fri, 02 Jan 2026 09:30:00 UTC\nFrom: Carol <carol@x.org>\nTo: Alice <alice@homing.test>\nCc: dan@x.org\n\nLine one\nLine two\n',
    );
  });
  it('adds a signature only when there is one', () => {
    expect(withSignature('', '  \n')).toBe('');
    expect(withSignature('x\n', 'Sig\r\nLine')).toBe('x\n-- \nSig\nLine\n\n');
  });
});
