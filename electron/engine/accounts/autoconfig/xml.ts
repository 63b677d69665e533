/**
 * A small, strict XML parser for clientConfig files (and nothing bigger).
 *
 * Why not a library: a clientConfig is a few kilobytes of plain elements, and the files come
 * from the network — from anyone who controls a domain or the path to it. This parser refuses
 * DTDs outright (no entity expansion, so no "billion laughs" and no external entities), knows only
 * XML's five predefined entities and character references, and rejects anything not well-formed
 * rather than guessing. Namespaces are kept as part of the name; clientConfig does not use them.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export class XmlError extends Error {
  override readonly name = 'XmlError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at character ${offset})`);
  }
}

export interface XmlLimits {
  maxChars: number;
  maxDepth: number;
  maxElements: number;
}

export const defaultXmlLimits: XmlLimits = { maxChars: 512 * 1024, maxDepth: 32, maxElements: 10_000 };

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const predefined: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML 1.0 §2.2 Char: no C0 controls except tab, LF, CR; no surrogates (JS strings hold them as pairs). */
const forbiddenChar = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;

export function parseXml(input: string, limits: XmlLimits = defaultXmlLimits): XmlElement {
  if (input.length > limits.maxChars) throw new XmlError(`document longer than ${limits.maxChars} characters`, 0);
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const bad = forbiddenChar.exec(text);
  if (bad) throw new XmlError('character not allowed in XML', bad.index);

  let pos = 0;
  let elements = 0;

  const fail = (message: string): never => {
    throw new XmlError(message, pos);
  };
  const startsWith = (s: string) => text.startsWith(s, pos);
  const skipSpace = () => {
    while (pos < text.length && /[ \t\r\n]/.test(text[pos]!)) pos++;
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(text);
    if (!m) return fail('expected a name');
    pos += m[0].length;
    return m[0];
  };

  const decode = (raw: string, at: number): string =>
    raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) throw new XmlError('"&" must start an entity reference', at);
      if (ref in predefined) return predefined[ref]!;
      const m = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(ref);
      if (!m) throw new XmlError(`unknown entity &${ref};`, at);
      const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
      const valid =
        code === 0x9 ||
        code === 0xa ||
        code === 0xd ||
        (code >= 0x20 && code <= 0xd7ff) ||
        (code >= 0xe000 && code <= 0xfffd) ||
        (code >= 0x10000 && code <= 0x10ffff);
      if (!valid) throw new XmlError(`character reference &${ref}; is not allowed`, at);
      return String.fromCodePoint(code);
    });

  /** Comments, processing instructions and whitespace, which may appear around the root element. */
  const skipMisc = (allowDeclaration: boolean) => {
    for (;;) {
      skipSpace();
      if (startsWith('<?')) {
        const end = text.indexOf('?>', pos + 2);
        if (end < 0) fail('unterminated processing instruction');
        const target = /^<\?([A-Za-z_:][-A-Za-z0-9_:.]*)/.exec(text.slice(pos, end))?.[1];
        if (!target) fail('processing instruction without a target');
        if (target!.toLowerCase() === 'xml' && !(allowDeclaration && pos === 0)) fail('XML declaration not at the start');
        pos = end + 2;
        allowDeclaration = false;
      } else if (startsWith('<!--')) {
        skipComment();
      } else if (startsWith('<!DOCTYPE') || startsWith('<!doctype')) {
        // No DTDs: they are how entity-expansion and external-entity attacks get in.
        fail('document type declarations are not accepted');
      } else {
        return;
      }
      allowDeclaration = false;
    }
  };

  const skipComment = () => {
    const end = text.indexOf('-->', pos + 4);
    if (end < 0) fail('unterminated comment');
    if (text.slice(pos + 4, end).includes('--')) fail('"--" inside a comment');
    pos = end + 3;
  };

  const parseElement = (depth: number): XmlElement => {
    if (depth > limits.maxDepth) fail(`elements nested deeper than ${limits.maxDepth}`);
    if (++elements > limits.maxElements) fail(`more than ${limits.maxElements} elements`);
    if (!startsWith('<')) fail('expected an element');
    pos++;
    const name = readName();
    const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
    for (;;) {
      const before = pos;
      skipSpace();
      if (startsWith('/>')) {
        pos += 2;
        return { name, attrs: { ...attrs }, children: [] };
      }
      if (startsWith('>')) {
        pos++;
        break;
      }
      if (pos === before) fail('expected whitespace between attributes');
      const attr = readName();
      skipSpace();
      if (!startsWith('=')) fail(`attribute ${attr} has no value`);
      pos++;
      skipSpace();
      const quote = text[pos];
      if (quote !== '"' && quote !== "'") return fail(`attribute ${attr} value must be quoted`);
      const end = text.indexOf(quote, pos + 1);
      if (end < 0) fail('unterminated attribute value');
      const raw = text.slice(pos + 1, end);
      if (raw.includes('<')) fail('"<" inside an attribute value');
      if (Object.prototype.hasOwnProperty.call(attrs, attr)) fail(`attribute ${attr} given twice`);
      // XML 1.0 §3.3.3: literal whitespace characters in attribute values normalise to spaces.
      attrs[attr] = decode(raw, pos).replace(/[\t\r\n]/g, ' ');
      pos = end + 1;
    }

    const children: XmlNode[] = [];
    let textRun = '';
    const flushText = () => {
      if (textRun) children.push(textRun);
      textRun = '';
    };
    for (;;) {
      if (pos >= text.length) fail(`element <${name}> is not closed`);
      if (startsWith('</')) {
        pos += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        skipSpace();
        if (!startsWith('>')) fail(`malformed closing tag </${closing}>`);
        pos++;
        flushText();
        return { name, attrs: { ...attrs }, children };
      }
      if (startsWith('<!--')) {
        skipComment();
      } else if (startsWith('<![CDATA[')) {
        const end = text.indexOf(']]>', pos + 9);
        if (end < 0) fail('unterminated CDATA section');
        textRun += text.slice(pos + 9, end);
        pos = end + 3;
      } else if (startsWith('<?')) {
        const end = text.indexOf('?>', pos + 2);
        if (end < 0) fail('unterminated processing instruction');
        pos = end + 2;
      } else if (startsWith('<!')) {
        fail('declarations are not accepted inside elements');
      } else if (startsWith('<')) {
        flushText();
        children.push(parseElement(depth + 1));
      } else {
        const next = text.indexOf('<', pos);
        const end = next < 0 ? text.length : next;
        const raw = text.slice(pos, end);
        if (raw.includes(']]>')) fail('"]]>" in text');
        textRun += decode(raw, pos);
        pos = end;
      }
    }
  };

  skipMisc(true);
  if (!startsWith('<')) fail('no root element');
  const root = parseElement(1);
  skipMisc(false);
  if (pos < text.length) fail('content after the root element');
  return root;
}

/** Child elements named `name` (all of them, in order). */
export const childElements = (el: XmlElement, name?: string): XmlElement[] =>
  el.children.filter((c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name));

/** The text content of the first child named `name`, trimmed; undefined when absent. */
export const childText = (el: XmlElement, name: string): string | undefined => {
  const child = childElements(el, name)[0];
  return child ? textOf(child).trim() : undefined;
};

/** All text inside an element, descendants included. */
export const textOf = (el: XmlElement): string => el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
