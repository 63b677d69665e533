import { z } from 'zod';

/**
 * Stable error codes. They cross the process boundary and the UI maps each to plain words
 * (renderer/features/errors), so never rename one without updating that map.
 */
export const errorCodes = [
  'invalid_input',
  'not_found',
  'not_implemented',
  'internal',
  // network and TLS
  'host_not_found',
  'connection_refused',
  'timeout',
  'connection_lost',
  'tls_failed',
  'untrusted_certificate',
  'cleartext_refused',
  // authentication (POP3 RFC 2449/3206 response codes told apart)
  'auth_failed',
  'auth_in_use',
  'login_delay',
  'server_temporary',
  // protocol
  'protocol_error',
  'no_uidl',
  'server_refused',
  // local store
  'disk_full',
  'store_failed',
  'store_unavailable',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export const appErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  /** Extra facts the UI may show, e.g. a certificate's subject and fingerprint. Never secrets. */
  detail: z.record(z.string(), z.string()).optional(),
});

export type AppError = z.infer<typeof appErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (code: ErrorCode, message: string, detail?: Record<string, string>): Result<never> => ({
  ok: false,
  error: detail ? { code, message, detail } : { code, message },
});

/** An error carrying a stable code; engine code throws it and the dispatcher turns it into a Result. */
export class HomingError extends Error {
  override readonly name = 'HomingError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: Record<string, string>,
  ) {
    super(message);
  }
  toAppError(): AppError {
    return this.detail ? { code: this.code, message: this.message, detail: this.detail } : { code: this.code, message: this.message };
  }
}
