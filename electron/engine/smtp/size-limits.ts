import type { ServerSettings } from '../../contract';

export interface SizeLimitFact {
  /** The SIZE the server advertised in EHLO (RFC 1870 §4), null when it advertised none. */
  sizeLimit: number | null;
  /** When it was read; null when it is not known (no server set up, or it could not be reached). */
  checkedAt: number | null;
}

const unknown: SizeLimitFact = { sizeLimit: null, checkedAt: null };

/** A limit belongs to a server, not an account: changing the SMTP settings forgets it. */
const serverKey = (s: ServerSettings): string => `${s.host.toLowerCase()}:${s.port}:${s.security}`;

export interface SizeLimitsDeps {
  /** One EHLO, nothing sent (send-message.ts readSizeLimit). */
  read(settings: ServerSettings): Promise<number | null>;
  now(): number;
}

/**
 * The SIZE limit of each account's SMTP server, cached in memory. Every send reports what the
 * server said (`record`); an account that has not sent yet is asked once with EHLO, and a
 * failed read is retried only after a minute so an offline composer does not keep dialling.
 */
export class SizeLimits {
  private readonly known = new Map<string, { key: string; fact: SizeLimitFact }>();
  private readonly reading = new Map<string, Promise<SizeLimitFact>>();
  private readonly failedAt = new Map<string, number>();

  constructor(private readonly deps: SizeLimitsDeps) {}

  record(accountId: string, settings: ServerSettings, sizeLimit: number | null): void {
    this.known.set(accountId, { key: serverKey(settings), fact: { sizeLimit, checkedAt: this.deps.now() } });
  }

  async get(accountId: string, settings: ServerSettings | undefined): Promise<SizeLimitFact> {
    if (!settings) return unknown;
    const key = serverKey(settings);
    const cached = this.known.get(accountId);
    if (cached && cached.key === key) return cached.fact;
    const failed = this.failedAt.get(`${accountId}\u0000${key}`);
    if (failed !== undefined && this.deps.now() - failed < 60_000) return unknown;
    // Two composers opening at once share one EHLO.
    const pending = this.reading.get(accountId);
    if (pending) return pending;
    const read = this.deps
      .read(settings)
      .then((sizeLimit) => {
        this.record(accountId, settings, sizeLimit);
        return this.known.get(accountId)!.fact;
      })
      .catch(() => {
        this.failedAt.set(`${accountId}\u0000${key}`, this.deps.now());
        return unknown;
      })
      .finally(() => this.reading.delete(accountId));
    this.reading.set(accountId, read);
    return read;
  }

  forget(accountId: string): void {
    this.known.delete(accountId);
  }
}
