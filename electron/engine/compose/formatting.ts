/**
 * The "simple, safe formatting" of the composer: the user types plain text with a few marks
 * (*bold*, _italic_, links, "> " quotes, "- " lists) and the HTML alternative is generated here.
 * Everything the user typed is escaped first; only the fixed set of tags below is ever emitted,
 * so no markup, script or style from the text can reach a recipient's HTML view.
 */

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

// Only web and mail links become anchors; javascript:, data: and friends stay text.
const linkPattern = /\b(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]|mailto:[^\s<>"']+@[^\s<>"'.,;:!?)\]]+)/g;

/** Inline marks on one already-escaped line. */
const inline = (escaped: string): string =>
  escaped
    .replace(linkPattern, (url) => `<a href="${url}">${url}</a>`)
    .replace(/(^|[\s(])\*([^\s*](?:[^*]*[^\s*])?)\*(?=$|[\s).,;:!?])/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^\s_](?:[^_]*[^\s_])?)_(?=$|[\s).,;:!?])/g, '$1<i>$2</i>');

export const textToHtml = (text: string): string => {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (/^>/.test(line)) {
      const block: string[] = [];
      while (i < lines.length && /^>/.test(lines[i]!)) block.push(lines[i++]!.replace(/^> ?/, ''));
      out.push(`<blockquote type="cite">${textToHtml(block.join('\n'))}</blockquote>`);
      continue;
    }
    if (/^[-*] /.test(line)) {
      const items: string[] = [];
      while (i < lines.length && /^[-*] /.test(lines[i]!)) items.push(`<li>${inline(escapeHtml(lines[i++]!.slice(2)))}</li>`);
      out.push(`<ul>${items.join('')}</ul>`);
      continue;
    }
    if (line === '-- ') {
      // RFC 3676 signature separator: the rest is the signature, shown as written.
      const sig = lines.slice(i + 1).map((l) => escapeHtml(l));
      out.push(`<div class="signature">-- <br>${sig.join('<br>')}</div>`);
      break;
    }
    out.push(line === '' ? '<br>' : `${inline(escapeHtml(line))}<br>`);
    i++;
  }
  return out.join('\n');
};

/** A complete HTML document for the text/html alternative. */
export const htmlDocument = (text: string): string =>
  `<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n${textToHtml(text)}\n</body></html>\n`;
