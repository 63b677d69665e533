import type { ServerSettings } from '../../../contract';
import type { TlsTrust } from '../certificate';
import { Pop3Client } from '../client';
import type { Pop3Timeouts } from '../timeouts';

export interface Pop3ConnectExtras {
  /** Extra CA for tests against the project's self-signed Dovecot; users pin a fingerprint instead. */
  ca?: string;
  timeouts?: Partial<Pop3Timeouts>;
}

/** Connects and logs in with an account's settings. The caller owns (and must close) the client. */
export const connectAccount = async (settings: ServerSettings, password: string, extras: Pop3ConnectExtras = {}): Promise<Pop3Client> => {
  const tls: TlsTrust = {
    ...(extras.ca ? { ca: extras.ca } : {}),
    ...(settings.trustedFingerprint256 ? { trustedFingerprint256: settings.trustedFingerprint256 } : {}),
  };
  const client = await Pop3Client.connect({
    host: settings.host,
    port: settings.port,
    security: settings.security,
    allowCleartextPassword: settings.allowCleartextPassword,
    tls,
    ...(extras.timeouts ? { timeouts: extras.timeouts } : {}),
  });
  try {
    await client.login(settings.username, password);
    return client;
  } catch (err) {
    client.close();
    throw err;
  }
};
