import { describe, expect, it } from 'vitest';

import { childElements, childText, parseXml, XmlError } from '../../../electron/engine/accounts/autoconfig/xml';

describe('parseXml', () => {
  it('reads elements, attributes, text, entities, CDATA and character references', () => {
    const root = parseXml(`<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment before the root -->
<a x="1" y='two &amp; three'>
  <b>Fish &amp; chips &lt;3 &#x263A; &#65;</b>
  <c><![CDATA[<raw> & stuff]]></c>
  <d/>
</a>`);
    expect(root.name).toBe('a');
    expect(root.attrs).toEqual({ x: '1', y: 'two & three' });
    expect(childText(root, 'b')).toBe('Fish & chips <3 ☺ A');
    expect(childText(root, 'c')).toBe('<raw> & stuff');
    expect(childElements(root, 'd')).toHaveLength(1);
    expect(childText(root, 'missing')).toBeUndefined();
  });

  it('accepts a byte order mark and comments and processing instructions inside elements', () => {
    const root = parseXml('\ufeff<a><!-- c --><?pi data?>t</a>');
    expect(root.children).toEqual(['t']);
  });

  it.each([
    ['an unclosed element', '<a><b></a>'],
    ['a mismatched closing tag', '<a></b>'],
    ['text after the root', '<a/>junk'],
    ['two roots', '<a/><b/>'],
    ['no root', '   '],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a bare ampersand', '<a>fish & chips</a>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['a duplicated attribute', '<a x="1" x="2"/>'],
    ['"<" in an attribute', '<a x="<"/>'],
    ['a control character', '<a>\u0001</a>'],
    ['a forbidden character reference', '<a>&#0;</a>'],
    ['an XML declaration later on', '<!-- x --><?xml version="1.0"?><a/>'],
    ['an unterminated comment', '<a><!-- x</a>'],
    ['"--" inside a comment', '<a><!-- x -- y --></a>'],
    ['attributes without whitespace between them', '<a x="1"y="2"/>'],
  ])('rejects %s', (_label, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlError);
  });

  it('refuses any DTD, so entity expansion ("billion laughs") and external entities cannot happen', () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>`;
    expect(() => parseXml(laughs)).toThrow(/document type declarations are not accepted/);
    const external = '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';
    expect(() => parseXml(external)).toThrow(XmlError);
  });

  it('enforces size, depth and element-count limits', () => {
    expect(() => parseXml('<a>' + 'x'.repeat(100) + '</a>', { maxChars: 50, maxDepth: 10, maxElements: 10 })).toThrow(/longer than/);
    const deep = '<a>'.repeat(40) + '</a>'.repeat(40);
    expect(() => parseXml(deep)).toThrow(/nested deeper/);
    expect(() => parseXml(`<a>${'<b/>'.repeat(20)}</a>`, { maxChars: 10_000, maxDepth: 10, maxElements: 10 })).toThrow(
      /more than 10 elements/,
    );
  });

  it('reports where the problem is', () => {
    try {
      parseXml('<a>\n<b></c></a>');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(XmlError);
      expect((err as XmlError).offset).toBeGreaterThan(0);
      expect((err as Error).message).toMatch(/<\/c> closes <b>/);
    }
  });
});
