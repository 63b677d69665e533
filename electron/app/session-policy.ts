import type { Session } from 'electron';

import { type AppLocation, isAppResourceUrl } from './app-location';
import { contentSecurityPolicy } from './csp';

/** What the remote-content policy is asked about: one network request made by a page. */
export interface RemoteRequest {
  url: string;
  /** Chromium's resource type: 'image', 'stylesheet', 'subFrame', 'media', 'xhr', … */
  resourceType: string;
  /** Which window asked; undefined for requests without one. */
  webContentsId: number | undefined;
}

/**
 * Decides whether a request to the network (http, https, ws, wss) that is not our own dev server
 * may go out. Mail's remote content (tracking pixels, remote images and fonts) is blocked at the
 * network layer (invariant 6). When the user allows a message's remote content, the engine fetches
 * it (`remote:fetch`, with its own limits and private-network guard) and the reader shows the bytes
 * as blob: URLs, so the window needs no exception here: by default nothing remote is allowed.
 */
export type RemoteContentPolicy = (request: RemoteRequest) => boolean;

export const denyAllRemoteContent: RemoteContentPolicy = () => false;

const NETWORK_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:']);

/**
 * Pure decision for one request (true = let it through).
 * - Network schemes: our dev server (page, modules, HMR socket) in development; anything else only
 *   if `policy` says so.
 * - file: packaged, only files inside our renderer folder (a file:// page could otherwise read any
 *   file the user can); in development, none.
 * - Everything else (data:, blob:, about:, devtools:) never leaves the machine and is left to CSP.
 */
export const allowRequest = (request: RemoteRequest, location: AppLocation, policy: RemoteContentPolicy): boolean => {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return false;
  }
  if (NETWORK_SCHEMES.has(url.protocol)) {
    if (location.devServerUrl) {
      const dev = new URL(location.devServerUrl);
      const wsScheme = dev.protocol === 'https:' ? 'wss:' : 'ws:';
      if (url.host === dev.host && (url.protocol === dev.protocol || url.protocol === wsScheme)) return true;
    }
    try {
      return policy(request) === true;
    } catch {
      return false;
    }
  }
  if (url.protocol === 'file:') return location.devServerUrl === null && isAppResourceUrl(request.url, location);
  return true;
};

/**
 * Pure decision for one permission (true = grant). Only notifications, and only for Homing's own
 * page in its main frame: new-mail notices are a feature (renderer/features/mail/notify). A mail
 * frame runs no script so it cannot ask, and everything else (camera, geolocation, clipboard-read,
 * devices…) stays refused whoever asks.
 */
export const allowPermission = (
  permission: string,
  requestingUrl: string | undefined,
  isMainFrame: boolean | undefined,
  location: AppLocation,
): boolean =>
  permission === 'notifications' && isMainFrame !== false && requestingUrl !== undefined && isAppResourceUrl(requestingUrl, location);

/** Response headers with our CSP replacing any the response carried. */
export const withCsp = (headers: Record<string, string[]> | undefined, csp: string): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only') continue;
    out[name] = value;
  }
  out['Content-Security-Policy'] = [csp];
  return out;
};

/**
 * Locks down the session our windows use (Electron security checklist §4, §5, §7):
 * every permission request and check is denied (no camera, microphone, geolocation, clipboard-read,
 * USB/HID/serial, …) but notifications for our own page (`allowPermission`); requests are filtered
 * by `allowRequest`; our own responses carry the CSP.
 */
export const hardenSession = (ses: Session, opts: { location: AppLocation; remoteContentPolicy?: RemoteContentPolicy }): void => {
  const { location } = opts;
  const policy = opts.remoteContentPolicy ?? denyAllRemoteContent;
  const csp = contentSecurityPolicy({ devServerUrl: location.devServerUrl });

  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowPermission(permission, details.requestingUrl, details.isMainFrame, location)),
  );
  ses.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    allowPermission(permission, details.requestingUrl, details.isMainFrame, location),
  );
  ses.setDevicePermissionHandler(() => false);

  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = allowRequest(
      { url: details.url, resourceType: details.resourceType, webContentsId: details.webContentsId },
      location,
      policy,
    );
    callback({ cancel: !allowed });
  });

  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppResourceUrl(details.url, location)) {
      callback({});
      return;
    }
    callback({ responseHeaders: withCsp(details.responseHeaders, csp) });
  });
};
