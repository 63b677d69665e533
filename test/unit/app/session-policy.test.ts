import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

import type { AppLocation } from '../../../electron/app/app-location';
import { contentSecurityPolicy } from '../../../electron/app/csp';
import { allowRequest, denyAllRemoteContent, hardenSession, type RemoteContentPolicy } from '../../../electron/app/session-policy';
import { FakeSession } from './fake-electron';

const rendererDir = '/opt/Homing/resources/app.asar/.vite/renderer/main_window';
const packaged: AppLocation = { devServerUrl: null, indexFile: `${rendererDir}/index.html` };
const dev: AppLocation = { devServerUrl: 'http://localhost:5173', indexFile: '/repo/.vite/renderer/main_window/index.html' };

const harden = (location: AppLocation, remoteContentPolicy?: RemoteContentPolicy) => {
  const ses = new FakeSession();
  hardenSession(ses as never, { location, ...(remoteContentPolicy ? { remoteContentPolicy } : {}) });
  return ses;
};

describe('session permissions', () => {
  const ownPage = { requestingUrl: `file://${rendererDir}/index.html`, isMainFrame: true };

  it('grants notifications to Homing’s own page only, for new-mail notices', () => {
    const ses = harden(packaged);
    const callback = vi.fn();
    ses.permissionRequestHandler!({}, 'notifications', callback, ownPage);
    expect(callback).toHaveBeenCalledWith(true);
    expect(ses.permissionCheckHandler!({}, 'notifications', 'file://', ownPage)).toBe(true);
    for (const details of [
      { requestingUrl: 'https://evil.example/', isMainFrame: true },
      { requestingUrl: 'file:///etc/passwd', isMainFrame: true },
      { requestingUrl: ownPage.requestingUrl, isMainFrame: false },
      {},
    ]) {
      const refused = vi.fn();
      ses.permissionRequestHandler!({}, 'notifications', refused, details);
      expect(refused).toHaveBeenCalledWith(false);
      expect(ses.permissionCheckHandler!({}, 'notifications', 'file://', details)).toBe(false);
    }
  });

  it('denies every other permission request and check, even to Homing’s own page', () => {
    const ses = harden(packaged);
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'midi', 'openExternal', 'fullscreen', 'hid', 'serial']) {
      const callback = vi.fn();
      ses.permissionRequestHandler!({}, permission, callback, ownPage);
      expect(callback).toHaveBeenCalledWith(false);
      expect(ses.permissionCheckHandler!({}, permission, 'file://', ownPage)).toBe(false);
    }
    expect(ses.devicePermissionHandler!({ deviceType: 'usb' })).toBe(false);
  });
});

describe('network requests', () => {
  let ses: FakeSession;
  beforeEach(() => {
    ses = harden(packaged);
  });

  it('blocks remote content by default: images, fonts, styles, frames, beacons, sockets', () => {
    expect(ses.request('https://tracker.example/pixel.gif', 'image')).toBe(false);
    expect(ses.request('http://cdn.example/font.woff2', 'font')).toBe(false);
    expect(ses.request('https://cdn.example/x.css', 'stylesheet')).toBe(false);
    expect(ses.request('https://evil.example/', 'subFrame')).toBe(false);
    expect(ses.request('https://evil.example/collect', 'ping')).toBe(false);
    expect(ses.request('wss://evil.example/socket', 'webSocket')).toBe(false);
    expect(ses.request('http://localhost:5173/', 'mainFrame')).toBe(false);
  });

  it('lets the packaged page load its own files and nothing else from disk', () => {
    expect(ses.request(`file://${rendererDir}/index.html`, 'mainFrame')).toBe(true);
    expect(ses.request(`file://${rendererDir}/assets/index-abc123.js`, 'script')).toBe(true);
    expect(ses.request('file:///etc/passwd', 'image')).toBe(false);
    expect(ses.request(`file://${rendererDir}/../../build/main.js`, 'script')).toBe(false);
    expect(ses.request(`file://${rendererDir}/%2e%2e/%2e%2e/build/main.js`, 'script')).toBe(false);
    expect(ses.request(`file://${rendererDir}`, 'xhr')).toBe(false);
  });

  it('leaves local-only schemes to CSP', () => {
    expect(ses.request('data:image/png;base64,iVBORw0KGgo=', 'image')).toBe(true);
    expect(ses.request('blob:null/5f0c7d1e', 'image')).toBe(true);
    expect(ses.request('devtools://devtools/bundled/inspector.html', 'mainFrame')).toBe(true);
  });

  it('consults the remote-content policy, and a throwing policy blocks', () => {
    const policy = vi.fn((r: { url: string }) => r.url.startsWith('https://images.example/'));
    const withPolicy = harden(packaged, policy);
    expect(withPolicy.request('https://images.example/logo.png', 'image')).toBe(true);
    expect(withPolicy.request('https://tracker.example/pixel.gif', 'image')).toBe(false);
    expect(policy).toHaveBeenCalledWith({ url: 'https://images.example/logo.png', resourceType: 'image', webContentsId: 1 });
    // Local files are never the policy's business.
    expect(withPolicy.request('file:///etc/passwd', 'image')).toBe(false);

    const throwing = harden(packaged, () => {
      throw new Error('allow-list not loaded');
    });
    expect(throwing.request('https://images.example/logo.png', 'image')).toBe(false);
  });

  it('in development allows the dev server and its HMR socket only', () => {
    const d = harden(dev);
    expect(d.request('http://localhost:5173/', 'mainFrame')).toBe(true);
    expect(d.request('http://localhost:5173/src/main.tsx', 'script')).toBe(true);
    expect(d.request('ws://localhost:5173/', 'webSocket')).toBe(true);
    expect(d.request('http://localhost:5174/', 'script')).toBe(false);
    expect(d.request('https://localhost:5173/', 'script')).toBe(false);
    expect(d.request('https://tracker.example/pixel.gif', 'image')).toBe(false);
    expect(d.request('file:///etc/passwd', 'image')).toBe(false);
  });

  it('refuses what it cannot parse', () => {
    expect(allowRequest({ url: 'not a url', resourceType: 'image', webContentsId: 1 }, packaged, denyAllRemoteContent)).toBe(false);
  });
});

describe('CSP header', () => {
  const respond = (ses: FakeSession, url: string, responseHeaders: Record<string, string[]>) => {
    let result: { responseHeaders?: Record<string, string[]> } | undefined;
    ses.headersReceived!({ url, resourceType: 'mainFrame', responseHeaders }, (r) => {
      result = r;
    });
    return result!;
  };

  it('puts our policy on our own responses, replacing any other', () => {
    const ses = harden(dev);
    const result = respond(ses, 'http://localhost:5173/', {
      'content-type': ['text/html'],
      'content-security-policy': ['default-src *'],
      'Content-Security-Policy-Report-Only': ['default-src *'],
    });
    expect(result.responseHeaders).toEqual({
      'content-type': ['text/html'],
      'Content-Security-Policy': [contentSecurityPolicy({ devServerUrl: 'http://localhost:5173' })],
    });
  });

  it('applies to the packaged page too, and leaves other responses alone', () => {
    const ses = harden(packaged);
    expect(respond(ses, `file://${rendererDir}/index.html`, {}).responseHeaders).toEqual({
      'Content-Security-Policy': [contentSecurityPolicy()],
    });
    expect(respond(ses, 'https://elsewhere.example/', { a: ['b'] })).toEqual({});
  });
});
