import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCert {
  certPath: string;
  keyPath: string;
  certPem: string;
  /** Colon-hex upper case, the same format as Node's `X509Certificate.fingerprint256`. */
  fingerprint256: string;
}

/**
 * Self-signed certificate for `localhost` / `127.0.0.1`, created once per server dir and reused on
 * restart so a client that pinned it keeps trusting the same server.
 */
export async function ensureTestCert(dir: string): Promise<TestCert> {
  const tlsDir = join(dir, 'tls');
  const certPath = join(tlsDir, 'cert.pem');
  const keyPath = join(tlsDir, 'key.pem');
  if (!existsSync(certPath) || !existsSync(keyPath)) {
    await mkdir(tlsDir, { recursive: true });
    // P-256 instead of RSA: key generation takes milliseconds, which keeps server start well under 2 s.
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '3650',
      '-subj',
      '/CN=localhost',
      // Clients verify the SAN, not the CN; both names a test may dial are covered.
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ]);
    await chmod(keyPath, 0o600);
  }
  const certPem = await readFile(certPath, 'utf8');
  return { certPath, keyPath, certPem, fingerprint256: new X509Certificate(certPem).fingerprint256 };
}
