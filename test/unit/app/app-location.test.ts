import { describe, expect, it } from 'vitest';

import {
  appEntryUrl,
  type AppLocation,
  isAllowedSubframeUrl,
  isAppResourceUrl,
  isAppUrl,
  resolveAppLocation,
} from '../../../electron/app/app-location';

const packaged: AppLocation = { devServerUrl: null, indexFile: '/opt/Homing/app.asar/.vite/renderer/main_window/index.html' };
const dev: AppLocation = { devServerUrl: 'http://localhost:5173', indexFile: '/repo/.vite/renderer/main_window/index.html' };
const INDEX = 'file:///opt/Homing/app.asar/.vite/renderer/main_window/index.html';

describe('where our page lives', () => {
  it('finds the renderer next to the main bundle, as Forge lays it out', () => {
    // No Forge globals in unit tests: packaged layout, default renderer name.
    expect(resolveAppLocation('/opt/Homing/app.asar/.vite/build')).toEqual(packaged);
    expect(appEntryUrl(packaged)).toBe(INDEX);
    expect(appEntryUrl(dev)).toBe('http://localhost:5173');
  });

  it('packaged: only our exact index.html is our page (query and fragment ignored)', () => {
    expect(isAppUrl(INDEX, packaged)).toBe(true);
    expect(isAppUrl(`${INDEX}?x=1#/inbox`, packaged)).toBe(true);
    expect(isAppUrl('file:///opt/Homing/app.asar/.vite/renderer/main_window/other.html', packaged)).toBe(false);
    expect(isAppUrl('file:///opt/Homing/app.asar/.vite/renderer/main_window/', packaged)).toBe(false);
    expect(isAppUrl('file:///tmp/index.html', packaged)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', packaged)).toBe(false);
    expect(isAppUrl('not a url', packaged)).toBe(false);
  });

  it('development: any page of the dev server origin, nothing else', () => {
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173/index.html?t=1', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('http://localhost.evil.example:5173/', dev)).toBe(false);
    expect(isAppUrl('http://user@localhost:5173@evil.example/', dev)).toBe(false);
    expect(isAppUrl(INDEX, dev)).toBe(false);
  });

  it('resources: files inside the renderer folder only', () => {
    expect(isAppResourceUrl('file:///opt/Homing/app.asar/.vite/renderer/main_window/assets/a.js', packaged)).toBe(true);
    expect(isAppResourceUrl('file:///opt/Homing/app.asar/.vite/renderer/main_window_evil/a.js', packaged)).toBe(false);
    expect(isAppResourceUrl('file:///opt/Homing/app.asar/.vite/build/main.js', packaged)).toBe(false);
    expect(isAppResourceUrl('https://example.com/a.js', packaged)).toBe(false);
  });

  it('subframes: srcdoc, blank and our own blob: URLs', () => {
    expect(isAllowedSubframeUrl('about:srcdoc', packaged)).toBe(true);
    expect(isAllowedSubframeUrl('about:blank', dev)).toBe(true);
    expect(isAllowedSubframeUrl('about:blank#x', dev)).toBe(false);
    expect(isAllowedSubframeUrl('blob:http://localhost:5173/abc', dev)).toBe(true);
    expect(isAllowedSubframeUrl('blob:http://localhost:51730/abc', dev)).toBe(false);
    expect(isAllowedSubframeUrl('blob:null/abc', packaged)).toBe(true);
    expect(isAllowedSubframeUrl('blob:null/abc', dev)).toBe(false);
    expect(isAllowedSubframeUrl('https://example.com/', dev)).toBe(false);
  });
});
