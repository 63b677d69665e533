const BLOCK = new Set([
  'P',
  'DIV',
  'BR',
  'LI',
  'TR',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'BLOCKQUOTE',
  'PRE',
  'TABLE',
  'UL',
  'OL',
  'HR',
  'SECTION',
  'ARTICLE',
]);

/**
 * Text of an HTML message for the plain-text view when it has no text part. DOMParser builds an
 * inert document: nothing in it loads or runs.
 */
export const htmlToText = (html: string): string => {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const el of Array.from(doc.querySelectorAll('script, style, head, title'))) el.remove();
  const out: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      out.push((node.textContent ?? '').replace(/\s+/g, ' '));
      return;
    }
    if (!(node instanceof Element)) return;
    const block = BLOCK.has(node.tagName);
    if (block) out.push('\n');
    if (node.tagName === 'A') {
      const href = node.getAttribute('href');
      node.childNodes.forEach(visit);
      if (href && /^https?:|^mailto:/i.test(href) && href !== node.textContent?.trim()) out.push(` <${href}>`);
      return;
    }
    if (node.tagName === 'IMG') {
      const alt = node.getAttribute('alt');
      if (alt) out.push(`[${alt}]`);
      return;
    }
    node.childNodes.forEach(visit);
    if (block) out.push('\n');
  };
  visit(doc.body);
  return out
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n[ \t]+/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
};
