import { HomingError } from '../../contract/result';

/** Every network wait has a limit (STYLE habit 9). All in milliseconds. */
export interface Pop3Timeouts {
  /** TCP connect, plus the TLS handshake for implicit TLS. */
  connectMs: number;
  /** From connected to the server's greeting. */
  greetingMs: number;
  /** Longest silence while a response is outstanding (reset by every byte, so a big RETR is fine); also the STLS handshake. */
  commandMs: number;
  /** Longest time with no command outstanding before we drop the session (without QUIT, so no DELE is committed). */
  idleMs: number;
}

export const defaultTimeouts: Pop3Timeouts = {
  connectMs: 15_000,
  greetingMs: 30_000,
  commandMs: 60_000,
  // RFC 1939 §3: servers may log us out after 10 minutes idle; leave before they do.
  idleMs: 5 * 60_000,
};

export function resolveTimeouts(given: Partial<Pop3Timeouts> | undefined): Pop3Timeouts {
  const out = { ...defaultTimeouts, ...given };
  for (const [name, value] of Object.entries(out)) {
    if (!Number.isFinite(value) || value <= 0 || value > 2 ** 31 - 1) {
      throw new HomingError('invalid_input', `timeouts.${name} must be a positive number of milliseconds`);
    }
  }
  return out;
}
