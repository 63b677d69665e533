/**
 * Where account passwords live (invariant 7: never in the renderer, the store or logs).
 * Electron: safeStorage-encrypted (electron/app/safe-storage-secrets.ts). Browser host and tests:
 * a 0600 file under the data directory (file-secret-store.ts).
 */
export interface SecretStore {
  get(accountId: string): Promise<string | null>;
  set(accountId: string, secret: string): Promise<void>;
  delete(accountId: string): Promise<void>;
  /** Plain words on how well secrets are protected here, shown in settings. */
  readonly protection: string;
}
