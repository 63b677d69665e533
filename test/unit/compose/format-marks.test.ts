import { describe, expect, it } from 'vitest';

import { textToHtml } from '../../../electron/engine/compose/formatting';
import { applyMark } from '../../../renderer/features/compose/format-marks';

describe('applyMark', () => {
  it('wraps the selected words, leaving surrounding spaces outside, and keeps them selected', () => {
    expect(applyMark('see you soon', 4, 7, 'bold')).toEqual({ text: 'see *you* soon', selectionStart: 5, selectionEnd: 8 });
    expect(applyMark('see you soon', 3, 8, 'italic')).toEqual({ text: 'see _you_ soon', selectionStart: 5, selectionEnd: 8 });
  });

  it('inserts an empty pair with the cursor inside when nothing is selected', () => {
    expect(applyMark('ab', 1, 1, 'bold')).toEqual({ text: 'a**b', selectionStart: 2, selectionEnd: 2 });
    expect(applyMark('a  b', 1, 3, 'italic')).toEqual({ text: 'a__  b', selectionStart: 2, selectionEnd: 2 });
  });

  it('quotes or lists every line the selection touches, once', () => {
    expect(applyMark('one\ntwo\nthree', 1, 5, 'quote').text).toBe('> one\n> two\nthree');
    expect(applyMark('> one\ntwo', 0, 8, 'quote').text).toBe('> one\n> two');
    expect(applyMark('milk\neggs', 6, 6, 'list').text).toBe('milk\n- eggs');
  });

  it('produces exactly the marks the engine turns into HTML', () => {
    const { text } = applyMark('see you soon', 4, 7, 'bold');
    expect(textToHtml(text)).toBe('see <b>you</b> soon<br>');
    expect(textToHtml(applyMark('a\nb', 0, 3, 'list').text)).toBe('<ul><li>a</li><li>b</li></ul>');
  });
});
