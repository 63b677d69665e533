import type { AppError, ErrorCode } from '../../../electron/contract';

/** What each stable error code means to a person; the engine's message adds the specifics. */
const headline: Record<ErrorCode, string> = {
  invalid_input: 'Something in these settings is not valid',
  not_found: 'Not found',
  not_implemented: 'Not available in this version',
  internal: 'Homing hit an internal problem',
  host_not_found: 'The server name could not be found',
  connection_refused: 'The server refused the connection',
  timeout: 'The server did not answer in time',
  connection_lost: 'The connection was cut',
  tls_failed: 'A secure connection could not be set up',
  untrusted_certificate: 'The server’s certificate is not trusted',
  cleartext_refused: 'The connection is not encrypted',
  auth_failed: 'The user name or password was not accepted',
  auth_in_use: 'The mailbox is in use by another program',
  login_delay: 'The server asks to wait before checking again',
  server_temporary: 'The server has a temporary problem',
  protocol_error: 'The server answered in a way Homing does not understand',
  no_uidl: 'This server cannot keep copies reliably',
  server_refused: 'The server refused the request',
  disk_full: 'The disk is full',
  store_failed: 'Homing could not save to its local store',
  store_unavailable: 'The local store is not available',
};

export const errorHeadline = (code: ErrorCode): string => headline[code];

export const describeError = (error: AppError): string => `${headline[error.code]}. ${error.message}`;
