import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCert {
  certPath: string;
  keyPath: string;
  certPem: string;
  keyPem: string;
  /** Colon-hex upper case, the same format as Node's `X509Certificate.fingerprint256`. */
  fingerprint256: string;
}

export interface CertSpec {
  /** OpenSSL form, e.g. "/CN=localhost". */
  subject: string;
  /** subjectAltName entries, e.g. ["IP:127.0.0.1", "DNS:localhost"]; clients check these, not the CN. */
  altNames: string[];
  /** Valid from now for this many days… */
  days?: number;
  /** …or exactly between these instants (in the past for an expired certificate). */
  validity?: { from: Date; to: Date };
}

/** OpenSSL's ASN.1 time, YYYYMMDDHHMMSSZ. */
const asn1Time = (d: Date): string => `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

/**
 * A self-signed certificate (P-256: key generation takes milliseconds, which keeps server start
 * well under 2 s) written to `<dir>/cert.pem` and `<dir>/key.pem` (0600). The one place tests
 * make certificates: the mail servers', the autoconfig web server's, and expired ones.
 */
export async function makeCert(dir: string, spec: CertSpec): Promise<TestCert> {
  await mkdir(dir, { recursive: true });
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const san = `subjectAltName=${spec.altNames.join(',')}`;
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyPath];
  if (!spec.validity) {
    await run('openssl', [
      'req',
      '-x509',
      ...ec,
      '-out',
      certPath,
      '-days',
      String(spec.days ?? 3650),
      '-subj',
      spec.subject,
      '-addext',
      san,
    ]);
  } else {
    // `req -x509` cannot date a certificate in the past (OpenSSL 3.0); `ca -selfsign` can, and
    // needs a minimal CA database of its own, made and removed here.
    const work = await mkdtemp(join(dir, 'ca-'));
    try {
      const csr = join(work, 'req.csr');
      await run('openssl', ['req', '-new', ...ec, '-out', csr, '-subj', spec.subject, '-addext', san]);
      await writeFile(join(work, 'index.txt'), '');
      await writeFile(join(work, 'serial'), `${Date.now().toString(16).padStart(16, '0')}\n`);
      await writeFile(
        join(work, 'ca.cnf'),
        `[ca]\ndefault_ca = test\n[test]\ndatabase = ${work}/index.txt\nnew_certs_dir = ${work}\nserial = ${work}/serial\n` +
          'default_md = sha256\npolicy = any\ncopy_extensions = copy\nunique_subject = no\n[any]\ncommonName = supplied\n',
      );
      await run('openssl', [
        'ca',
        '-batch',
        '-notext',
        '-selfsign',
        '-config',
        join(work, 'ca.cnf'),
        '-keyfile',
        keyPath,
        '-in',
        csr,
        '-startdate',
        asn1Time(spec.validity.from),
        '-enddate',
        asn1Time(spec.validity.to),
        '-out',
        certPath,
      ]);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  await chmod(keyPath, 0o600);
  return readCert(certPath, keyPath);
}

const readCert = async (certPath: string, keyPath: string): Promise<TestCert> => {
  const certPem = await readFile(certPath, 'utf8');
  const keyPem = await readFile(keyPath, 'utf8');
  return { certPath, keyPath, certPem, keyPem, fingerprint256: new X509Certificate(certPem).fingerprint256 };
};

/**
 * Self-signed certificate for `localhost` / `127.0.0.1`, created once per server dir and reused on
 * restart so a client that pinned it keeps trusting the same server. A test that wants another
 * certificate (e.g. an expired one) makes it with makeCert in `<dir>/tls` before the server starts.
 */
export async function ensureTestCert(dir: string): Promise<TestCert> {
  const tlsDir = join(dir, 'tls');
  const certPath = join(tlsDir, 'cert.pem');
  const keyPath = join(tlsDir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) return readCert(certPath, keyPath);
  return makeCert(tlsDir, { subject: '/CN=localhost', altNames: ['IP:127.0.0.1', 'DNS:localhost'], days: 3650 });
}
