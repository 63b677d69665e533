/**
 * The renderer's Content-Security-Policy in the browser host. Mail HTML is rendered in a sandboxed
 * iframe (blob:/srcdoc) that inherits 'none' for everything remote; only our own origin and the
 * WebSocket to this host are reachable (invariant 6).
 */
export const rendererCsp = (origin: string): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // 'self': the page fetches the bytes of big frames from /pickup/<id> (pickups.ts).
    `connect-src 'self' ${origin.replace(/^http/, 'ws')}`,
    "worker-src 'self' blob:",
    "frame-src 'self' blob:",
    "child-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
