import { describe, expect, it } from 'vitest';

import { contentSecurityPolicy } from '../../../electron/app/csp';

const directives = (csp: string): Map<string, string[]> =>
  new Map(
    csp.split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name!, sources];
    }),
  );

describe('content security policy', () => {
  it('is exactly the strict packaged policy', () => {
    expect(contentSecurityPolicy()).toBe(
      [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "child-src 'self' blob:",
        "frame-src 'self' blob: about:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
  });

  it('names no remote source, no eval and no inline script when packaged', () => {
    const csp = contentSecurityPolicy({ devServerUrl: null });
    expect(csp).not.toMatch(/https?:|wss?:|\*/);
    expect(csp).not.toContain("'unsafe-eval'");
    expect(directives(csp).get('script-src')).toEqual(["'self'"]);
    expect(directives(csp).get('default-src')).toEqual(["'none'"]);
    expect(directives(csp).get('object-src')).toEqual(["'none'"]);
  });

  it('adds only what Vite needs in development: its HMR socket and inline preamble', () => {
    const d = directives(contentSecurityPolicy({ devServerUrl: 'http://localhost:5173' }));
    expect(d.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(d.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect([...d.values()].flat()).not.toContain("'unsafe-eval'");
  });
});
