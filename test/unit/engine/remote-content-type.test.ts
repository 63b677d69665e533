import { describe, expect, it } from 'vitest';

import { checkRemoteContentType } from '../../../electron/engine/remote/remote-content-type';

describe('checkRemoteContentType', () => {
  it('accepts images and fonts, giving the bare media type', () => {
    for (const [header, type] of [
      ['image/png', 'image/png'],
      ['IMAGE/JPEG; charset=binary', 'image/jpeg'],
      [' image/gif ', 'image/gif'],
      ['image/webp', 'image/webp'],
      ['image/x-icon', 'image/x-icon'],
      ['image/vnd.microsoft.icon', 'image/vnd.microsoft.icon'],
      ['font/woff2', 'font/woff2'],
      ['font/ttf', 'font/ttf'],
      ['application/font-woff', 'application/font-woff'],
      ['application/x-font-ttf', 'application/x-font-ttf'],
      ['application/x-font-opentype', 'application/x-font-opentype'],
      ['application/vnd.ms-fontobject', 'application/vnd.ms-fontobject'],
    ] as const) {
      expect(checkRemoteContentType(header), header).toEqual({ ok: true, contentType: type });
    }
  });

  it('refuses SVG, saying why', () => {
    for (const header of ['image/svg+xml', 'Image/SVG+XML; charset=utf-8']) {
      const r = checkRemoteContentType(header);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toMatch(/SVG.*script/);
    }
  });

  it('refuses everything else, naming what came', () => {
    for (const header of [
      'text/html',
      'application/javascript',
      'application/octet-stream',
      'application/json',
      'text/css',
      'application/fontsomething',
      'image/',
      'font',
      'imagex/png',
    ]) {
      const r = checkRemoteContentType(header);
      expect(r.ok, header).toBe(false);
      expect(!r.ok && r.error, header).toMatch(/not an image or a font/);
    }
  });

  it('refuses an answer that does not say its type (no sniffing)', () => {
    for (const header of [undefined, '', '  ', ';charset=utf-8']) {
      const r = checkRemoteContentType(header);
      expect(!r.ok && r.error).toMatch(/did not say what kind of file/);
    }
  });
});
