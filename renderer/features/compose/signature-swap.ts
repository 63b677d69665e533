/**
 * Swapping the signature when the user picks another From identity. The engine writes a signature
 * as "-- \n" + signature + "\n" (RFC 3676 §4.3 separator; engine/compose/quote.ts withSignature),
 * above the quote of a reply or forward. Only a signature still exactly as inserted is replaced:
 * text the user edited is theirs, and is never rewritten behind their back.
 */

const clean = (signature: string): string => signature.replace(/\r\n?/g, '\n').trim();

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export type SignatureSwap =
  | { kind: 'swapped'; text: string }
  /** Both identities have the same signature (or none): nothing to do. */
  | { kind: 'same' }
  /** The old signature is not in the text as inserted (the user changed or removed it): left alone. */
  | { kind: 'edited' };

/** Where a signature goes when the text has none: above the quoted or forwarded message, else at the end. */
const insertionPoint = (text: string): number => {
  const lines = text.split('\n');
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '-------- Forwarded Message --------') return at;
    // A reply's attribution line ("On …, Bob wrote:") directly above its first quoted line.
    if (line.endsWith('wrote:') && lines[i + 1]?.startsWith('>')) return at;
    if (line.startsWith('>')) return at;
    at += line.length + 1;
  }
  return -1;
};

export const swapSignature = (text: string, oldSignature: string, newSignature: string): SignatureSwap => {
  const from = clean(oldSignature);
  const to = clean(newSignature);
  if (from === to) return { kind: 'same' };
  if (from) {
    // The block as inserted: the separator at the start of a line, the signature, then a blank line
    // (above a quote) or the end. A line typed right below the signature makes it "edited".
    const block = new RegExp(`(^|\\n)-- \\n${escape(from)}(\\n\\n|\\n?$)`);
    // Only above the quoted or forwarded message: a signature inside it is the other sender's.
    const at = insertionPoint(text);
    const m = block.exec(at === -1 ? text : text.slice(0, at));
    if (!m) return { kind: 'edited' };
    const before = text.slice(0, m.index + m[1]!.length);
    const after = text.slice(m.index + m[0].length);
    if (!to) return { kind: 'swapped', text: `${before}${after}` };
    return { kind: 'swapped', text: `${before}-- \n${to}${m[2]}${after}` };
  }
  const at = insertionPoint(text);
  // No signature before: the user may have typed one of their own; then theirs stays.
  if (/(^|\n)-- \n/.test(at === -1 ? text : text.slice(0, at))) return { kind: 'edited' };
  if (at === -1) return { kind: 'swapped', text: `${text.replace(/\n+$/, '')}\n\n-- \n${to}\n` };
  return { kind: 'swapped', text: `${text.slice(0, at)}-- \n${to}\n\n${text.slice(at)}` };
};
