import { afterEach, describe, expect, it } from 'vitest';

import { externalLink } from '../../../electron/engine/external-link';
import { startTestEngine } from '../../helpers/engine';

const ctx = { clientId: 'test' };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('externalLink', () => {
  it('passes web and mail links, normalized as the URL parser reads them', () => {
    expect(externalLink(' https://Example.org/a b?q=1 ')).toBe('https://example.org/a%20b?q=1');
    expect(externalLink('http://example.org')).toBe('http://example.org/');
    expect(externalLink('mailto:ann@example.org?subject=Hi')).toBe('mailto:ann@example.org?subject=Hi');
  });

  it('refuses everything that could run something here, and tricks, with the reason', () => {
    for (const [url, reason] of [
      ['file:///etc/passwd', /not file: links/],
      ['javascript:alert(1)', /not javascript: links/],
      ['ms-msdt:/id PCWDiagnostic', /not ms-msdt: links/],
      ['smb://host/share', /not smb: links/],
      ['https://bank.example@evil.example/', /user name or password/],
      ['/relative/path', /not a complete/],
      ['', /not a complete/],
    ] as const) {
      expect(() => externalLink(url), url).toThrow(reason);
    }
  });
});

describe('app:openExternal', () => {
  it('hands only a checked URL to the system', async () => {
    const opened: string[] = [];
    const { engine, close } = await startTestEngine({ openExternal: async (url) => void opened.push(url) });
    closers.push(close);
    expect(await engine.dispatch('app:openExternal', { url: 'https://example.org/x' }, ctx)).toEqual({ ok: true, value: { opened: true } });
    const refused = await engine.dispatch('app:openExternal', { url: 'file:///etc/passwd' }, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(opened).toEqual(['https://example.org/x']);
  });

  it('answers not_implemented where the window opens links itself (the browser host)', async () => {
    const { engine, close } = await startTestEngine();
    closers.push(close);
    expect(await engine.dispatch('app:openExternal', { url: 'https://example.org/' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'not_implemented' },
    });
  });
});
