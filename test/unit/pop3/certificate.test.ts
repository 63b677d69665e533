import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HomingError } from '../../../electron/contract/result';
import { normalizeFingerprint } from '../../../electron/engine/pop3/certificate';
import { Pop3Client, type Pop3ConnectOptions } from '../../../electron/engine/pop3/client';
import { makeSelfSignedCert, type TestCert } from './helpers/certs';
import { mailboxScript } from './helpers/mailbox-script';
import { type ServerSession, withServer } from './helpers/script-server';

const timeouts = { connectMs: 2000, greetingMs: 500, commandMs: 1000, idleMs: 5000 };
let cert: TestCert;
let other: TestCert;

beforeAll(() => {
  cert = makeSelfSignedCert('localhost');
  other = makeSelfSignedCert('someone-else');
});

afterAll(() => {
  // Nothing on disk: the certificates were read into memory and their temp dir removed.
});

async function failure(promise: Promise<Pop3Client>): Promise<HomingError> {
  try {
    (await promise).close();
  } catch (err) {
    if (err instanceof HomingError) return err;
    throw err;
  }
  throw new Error('connected, but should have been refused');
}

/** Implicit TLS (POP3S) server with the test certificate. */
async function withPop3s(body: (opts: Pop3ConnectOptions) => Promise<void>, script = mailboxScript().script): Promise<void> {
  await withServer(script, ({ port }) => body({ host: '127.0.0.1', port, security: 'tls', timeouts }), {
    tls: { key: cert.key, cert: cert.cert },
  });
}

describe('certificate trust (implicit TLS)', () => {
  it('refuses an untrusted self-signed certificate, with its details for the user', async () => {
    await withPop3s(async (opts) => {
      const err = await failure(Pop3Client.connect(opts));
      expect(err.code).toBe('untrusted_certificate');
      expect(err.detail).toMatchObject({ subject: 'CN=localhost', issuer: 'CN=localhost', fingerprint256: cert.fingerprint256 });
      expect(err.detail?.validFrom).toMatch(/GMT$/);
      expect(err.detail?.validTo).toMatch(/GMT$/);
      expect(err.detail?.reason).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    });
  });

  it('accepts it once its fingerprint is pinned, in any case or without colons', async () => {
    await withPop3s(async (opts) => {
      for (const pin of [cert.fingerprint256, cert.fingerprint256.toLowerCase(), normalizeFingerprint(cert.fingerprint256)]) {
        const client = await Pop3Client.connect({ ...opts, tls: { trustedFingerprint256: pin } });
        try {
          expect(client.encrypted).toBe(true);
          await client.login('alice', 'secret'); // encrypted: no cleartext opt-in needed
          expect(await client.stat()).toEqual({ count: 0, size: 0 });
        } finally {
          client.close();
        }
      }
    });
  });

  it('refuses it when another fingerprint is pinned', async () => {
    await withPop3s(async (opts) => {
      const err = await failure(Pop3Client.connect({ ...opts, tls: { trustedFingerprint256: other.fingerprint256 } }));
      expect(err.code).toBe('untrusted_certificate');
      expect(err.detail).toMatchObject({ fingerprint256: cert.fingerprint256, reason: 'FINGERPRINT_MISMATCH' });
    });
  });

  it('refuses a pin that is not a SHA-256 fingerprint', async () => {
    await withPop3s(async (opts) => {
      expect((await failure(Pop3Client.connect({ ...opts, tls: { trustedFingerprint256: 'AB:CD' } }))).code).toBe('invalid_input');
    });
  });

  it('accepts it as a CA', async () => {
    await withPop3s(async (opts) => {
      const client = await Pop3Client.connect({ ...opts, tls: { ca: cert.cert } });
      expect(client.encrypted).toBe(true);
      client.close();
    });
  });

  it('still checks the host name when the CA is trusted', async () => {
    await withPop3s(async (opts) => {
      const err = await failure(Pop3Client.connect({ ...opts, servername: 'mail.example.org', tls: { ca: cert.cert } }));
      expect(err.code).toBe('untrusted_certificate');
      expect(err.detail?.reason).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    });
  });

  it('a trusted CA does not make another certificate trusted', async () => {
    await withPop3s(async (opts) => {
      expect((await failure(Pop3Client.connect({ ...opts, tls: { ca: other.cert } }))).code).toBe('untrusted_certificate');
    });
  });

  it('TLS to a plaintext server is tls_failed', async () => {
    await withServer(mailboxScript().script, async ({ port }) => {
      expect((await failure(Pop3Client.connect({ host: '127.0.0.1', port, security: 'tls', timeouts }))).code).toBe('tls_failed');
    });
  });
});

describe('STLS (RFC 2595)', () => {
  async function withStls(
    body: (opts: Pop3ConnectOptions, sessions: ServerSession[]) => Promise<void>,
    mailbox: Parameters<typeof mailboxScript>[0] = {},
  ): Promise<void> {
    const { script } = mailboxScript({ tls: { key: cert.key, cert: cert.cert }, capa: ['STLS', 'USER', 'XPRE-TLS'], ...mailbox });
    await withServer(script, ({ port, sessions }) => body({ host: '127.0.0.1', port, security: 'starttls', timeouts }, sessions));
  }

  it('upgrades, then discards the plaintext capabilities and asks again', async () => {
    let secure = false;
    await withStls(
      async (opts, sessions) => {
        const client = await Pop3Client.connect({ ...opts, tls: { ca: cert.cert } });
        try {
          expect(client.encrypted).toBe(true);
          expect(sessions[0]?.received).toEqual(['CAPA', 'STLS', 'CAPA']);
          expect(client.capabilities?.all.has('XPRE-TLS')).toBe(false);
          expect(client.capabilities?.all.has('XPOST-TLS')).toBe(true);
          await client.login('alice', 'secret');
          expect(await client.quit()).toBe(true);
        } finally {
          client.close();
        }
      },
      {
        on: {
          CAPA: (_a, s) => {
            secure = s.socket.constructor.name === 'TLSSocket';
            s.send(secure ? '+OK\r\nUSER\r\nXPOST-TLS\r\n.\r\n' : '+OK\r\nSTLS\r\nUSER\r\nXPRE-TLS\r\n.\r\n');
          },
        },
      },
    );
    expect(secure).toBe(true);
  });

  it('refuses a server that does not offer STLS, without falling back', async () => {
    await withStls(
      async (opts, sessions) => {
        const err = await failure(Pop3Client.connect({ ...opts, tls: { ca: cert.cert } }));
        expect(err.code).toBe('tls_failed');
        expect(err.message).toBe('server offers no STLS');
        expect(sessions[0]?.received).toEqual(['CAPA']);
      },
      { capa: ['USER'] },
    );
  });

  it('refuses a server that answers -ERR to STLS', async () => {
    await withStls(
      async (opts) => {
        expect((await failure(Pop3Client.connect({ ...opts, tls: { ca: cert.cert } }))).code).toBe('tls_failed');
      },
      { on: { STLS: (_a, s) => s.send('-ERR not today\r\n') } },
    );
  });

  it('verifies the certificate after STLS like any other, and hangs up', async () => {
    await withStls(async (opts, sessions) => {
      const err = await failure(Pop3Client.connect(opts));
      expect(err.code).toBe('untrusted_certificate');
      expect(err.detail?.fingerprint256).toBe(cert.fingerprint256);
      expect(await sessions[0]?.closed()).toBe(true);
      expect(sessions[0]?.received).toEqual(['CAPA', 'STLS']); // nothing, least of all a password, after the failed check
    });
  });

  it.each([
    ['a whole line', '+OK begin TLS\r\n-ERR injected\r\n'],
    ['half a line', '+OK begin TLS\r\n+OK inj'],
  ])('refuses plaintext injected after the +OK to STLS (%s)', async (_name, reply) => {
    await withStls(
      async (opts) => {
        const err = await failure(Pop3Client.connect({ ...opts, tls: { ca: cert.cert } }));
        expect(err.code).toBe('protocol_error');
        expect(err.message).toMatch(/STLS/);
      },
      {
        on: {
          STLS: (_a, s) => {
            s.send(reply);
            return 'stop' as const;
          },
        },
      },
    );
  });
});

describe('STLS handshake limits', () => {
  it('times out a server that says +OK to STLS and then never speaks TLS, and hangs up', async () => {
    const { script } = mailboxScript({ capa: ['STLS'], on: { STLS: (_a, s) => void s.send('+OK go ahead\r\n') } });
    await withServer(script, async ({ port, sessions }) => {
      const err = await failure(
        Pop3Client.connect({
          host: '127.0.0.1',
          port,
          security: 'starttls',
          tls: { ca: cert.cert },
          timeouts: { ...timeouts, commandMs: 200 },
        }),
      );
      expect(err.code).toBe('timeout');
      expect(err.message).toMatch(/TLS handshake/);
      expect(await sessions[0]?.closed()).toBe(true);
    });
  });

  it('a server that hangs up during the STLS handshake is tls_failed', async () => {
    const { script } = mailboxScript({
      capa: ['STLS'],
      on: {
        STLS: (_a, s) => {
          s.send('+OK go ahead\r\n');
          setTimeout(() => s.socket.destroy(), 30);
          return 'stop';
        },
      },
    });
    await withServer(script, async ({ port }) => {
      expect(
        (await failure(Pop3Client.connect({ host: '127.0.0.1', port, security: 'starttls', tls: { ca: cert.cert }, timeouts }))).code,
      ).toBe('tls_failed');
    });
  });
});
