import { describe, expect, it } from 'vitest';

import { replyBody, withSignature } from '../../../electron/engine/compose/quote';
import { swapSignature } from '../../../renderer/features/compose/signature-swap';

/** A new message as the engine starts it (compose-service.ts start). */
const fresh = (signature: string) => `\n\n${withSignature('', signature)}`.replace(/\n+$/, '\n');
const original = {
  messageId: '<o@x>',
  inReplyTo: null,
  references: [],
  subject: 'Frage',
  from: [{ name: 'Bob', address: 'bob@x.org' }],
  replyTo: [],
  to: [],
  cc: [],
  date: Date.UTC(2026, 0, 1),
  text: 'Kommst du?\n\n-- \nBob',
};

describe('swapSignature', () => {
  it('swaps an untouched signature in a new message for exactly what the engine would have written', () => {
    expect(swapSignature(fresh('Alice'), 'Alice', 'Support\nHoming GmbH')).toEqual({
      kind: 'swapped',
      text: fresh('Support\nHoming GmbH'),
    });
  });

  it('swaps it in a reply, above the quote, keeping the quote as it is', () => {
    const r = swapSignature(`Ja!${replyBody(original, 'Alice')}`, 'Alice', 'Support');
    expect(r).toEqual({ kind: 'swapped', text: `Ja!${replyBody(original, 'Support')}` });
  });

  it('keeps what the user typed above the signature', () => {
    const r = swapSignature('Lieber Bob,\n\nbis morgen.\n\n-- \nAlice\n', 'Alice', 'Team');
    expect(r).toEqual({ kind: 'swapped', text: 'Lieber Bob,\n\nbis morgen.\n\n-- \nTeam\n' });
  });

  it('removes the signature when the new identity has none', () => {
    expect(swapSignature(fresh('Alice'), 'Alice', '')).toEqual({ kind: 'swapped', text: '\n\n' });
    expect(swapSignature(`Ja!${replyBody(original, 'Alice')}`, 'Alice', '')).toEqual({
      kind: 'swapped',
      text: `Ja!${replyBody(original, '')}`,
    });
  });

  it('adds one where there was none: at the end of a new message, above the quote of a reply', () => {
    expect(swapSignature(fresh(''), '', 'Team')).toEqual({ kind: 'swapped', text: fresh('Team') });
    expect(swapSignature('Hallo Bob\n\n', '', 'Team')).toEqual({ kind: 'swapped', text: 'Hallo Bob\n\n-- \nTeam\n' });
    expect(swapSignature(replyBody(original, ''), '', 'Team')).toEqual({ kind: 'swapped', text: replyBody(original, 'Team') });
  });

  it('adds one above a forwarded message', () => {
    const fwd = '\n\n-------- Forwarded Message --------\nSubject: x\n\nbody\n';
    expect(swapSignature(fwd, '', 'Team')).toEqual({
      kind: 'swapped',
      text: '\n\n-- \nTeam\n\n-------- Forwarded Message --------\nSubject: x\n\nbody\n',
    });
  });

  it('leaves a signature the user edited alone', () => {
    expect(swapSignature('\n\n-- \nAlice (mobil)\n', 'Alice', 'Team')).toEqual({ kind: 'edited' });
    expect(swapSignature('\n\n-- \nAlice\nPS: noch was\n', 'Alice', 'Team')).toEqual({ kind: 'edited' });
    expect(swapSignature('Text ohne Signatur', 'Alice', 'Team')).toEqual({ kind: 'edited' });
  });

  it('does not add a second signature below one the user typed', () => {
    expect(swapSignature('Hallo\n\n-- \nmeine eigene\n', '', 'Team')).toEqual({ kind: 'edited' });
  });

  it('never touches the quoted or forwarded sender’s signature', () => {
    const fwd = '\n\n-------- Forwarded Message --------\nSubject: x\n\nbody\n\n-- \nAlice\n';
    expect(swapSignature(fwd, 'Alice', 'Team')).toEqual({ kind: 'edited' });
  });

  it('does nothing when both signatures are the same (or both empty)', () => {
    expect(swapSignature(fresh('A'), 'A', ' A \n')).toEqual({ kind: 'same' });
    expect(swapSignature('x', '', '')).toEqual({ kind: 'same' });
  });

  it('treats signatures with regular-expression characters literally', () => {
    const sig = 'A. (B) [c]* $5 ^x?';
    expect(swapSignature(fresh(sig), sig, 'Z')).toEqual({ kind: 'swapped', text: fresh('Z') });
    expect(swapSignature('\n\n-- \nAx (B) [c]* $5 ^x?\n', sig, 'Z')).toEqual({ kind: 'edited' });
  });
});
