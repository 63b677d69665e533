/**
 * The composer's formatting bar, as text edits: it writes the same marks a user can type (*bold*,
 * _italic_, "> " quotes, "- " lists), which the engine turns into the HTML alternative
 * (electron/engine/compose/formatting.ts). The plain-text part stays readable as it is, and no
 * markup from the user ever reaches the HTML.
 */
export type Mark = 'bold' | 'italic' | 'quote' | 'list';

export interface Edit {
  text: string;
  selectionStart: number;
  selectionEnd: number;
}

const wrapper: Record<'bold' | 'italic', string> = { bold: '*', italic: '_' };
const prefix: Record<'quote' | 'list', string> = { quote: '> ', list: '- ' };

/** Applies a mark to the selection (or, for an empty one, inserts the pair with the cursor inside). */
export const applyMark = (text: string, start: number, end: number, mark: Mark): Edit => {
  const from = Math.max(0, Math.min(start, end, text.length));
  const to = Math.min(text.length, Math.max(start, end));
  if (mark === 'bold' || mark === 'italic') {
    const w = wrapper[mark];
    // The marks only apply to words: spaces around the selection stay outside them.
    const selected = text.slice(from, to);
    const lead = selected.length - selected.trimStart().length;
    const trail = selected.length - selected.trimEnd().length;
    const a = from + lead;
    const b = to - trail;
    if (a >= b) return { text: `${text.slice(0, from)}${w}${w}${text.slice(from)}`, selectionStart: from + 1, selectionEnd: from + 1 };
    return { text: `${text.slice(0, a)}${w}${text.slice(a, b)}${w}${text.slice(b)}`, selectionStart: a + 1, selectionEnd: b + 1 };
  }
  // Line marks go at the start of every line the selection touches.
  const p = prefix[mark];
  const lineStart = text.lastIndexOf('\n', from - 1) + 1;
  const nextBreak = text.indexOf('\n', to > from && text[to - 1] === '\n' ? to - 1 : to);
  const lineEnd = nextBreak === -1 ? text.length : nextBreak;
  const lines = text.slice(lineStart, lineEnd).split('\n');
  const marked = lines.map((l) => (l.startsWith(p) ? l : `${p}${l}`)).join('\n');
  return {
    text: text.slice(0, lineStart) + marked + text.slice(lineEnd),
    selectionStart: lineStart,
    selectionEnd: lineStart + marked.length,
  };
};
