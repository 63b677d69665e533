import type { MailServer } from './dovecot';
import type { MaildirFile } from './maildir';
import { encodeWords, foldList, formatAddress, formatRfc5322Date } from './mime-encode';
import { paragraphs, PEOPLE, type Person, SUBJECTS } from './seed-content';
import { attachmentPart, Base64Pool, htmlPart, multipart, type Part, pickTextKind, textPart } from './seed-parts';
import { Random } from './seed-random';

export interface GenerateOptions {
  seed?: number;
  /**
   * Dates spread over the two years before this. Fixed by default so a seed means the same bytes on
   * any day; pass `new Date()` for a demo mailbox that looks current.
   */
  now?: Date;
}

const DEFAULT_NOW = new Date('2026-01-01T09:00:00Z');
const TWO_YEARS_MS = 730 * 24 * 3600 * 1000;
const ZONES = [0, 60, 120, -300, -480, 540, 330, -180];
const MAILERS = ['Homing Test Fixture 1.0', 'Mozilla Thunderbird 115.6', 'Apple Mail (2.3774)', 'Microsoft Outlook 16.0'];

interface Sent {
  messageId: string;
  references: string[];
  subject: string;
  from: Person;
  to: Person;
}

/**
 * Deterministic, realistic RFC 5322 messages (CRLF line ends, ~20 KB on average), oldest first:
 * plain and HTML alternatives, base64 attachments, RFC 2047 headers, threads, 8-bit and latin1
 * bodies, dot-leading lines and ~900-octet lines.
 */
export function* generateMessages(n: number, opts: GenerateOptions = {}): Generator<Buffer> {
  const random = new Random(opts.seed ?? 1);
  const pool = new Base64Pool(random);
  const start = (opts.now ?? DEFAULT_NOW).getTime() - TWO_YEARS_MS;
  const recent: Sent[] = [];
  for (let i = 0; i < n; i++) {
    const date = new Date(start + ((i + random.next()) * TWO_YEARS_MS) / Math.max(n, 1));
    const parent = recent.length > 0 && random.chance(0.3) ? random.pick(recent) : undefined;
    const from = parent ? parent.to : random.pick(PEOPLE);
    const to = parent ? parent.from : random.pick(PEOPLE.filter((p) => p !== from));
    const subject = parent ? `Re: ${parent.subject.replace(/^(Re: )+/i, '')}` : random.pick(SUBJECTS);
    const domain = from.address.split('@')[1] ?? 'homing.test';
    const messageId = `<${random.hex(16)}.${i}@${domain}>`;
    // RFC 5322 §3.6.4: References is the parent's References plus the parent; trimmed like real clients do.
    const references = parent ? [...parent.references, parent.messageId].slice(-10) : [];
    const sent = { messageId, references, subject, from, to };
    recent.push(sent);
    if (recent.length > 200) recent.shift();

    const encoding = random.chance(0.3) ? 'Q' : 'B';
    const headers = [
      `Date: ${formatRfc5322Date(date, random.pick(ZONES))}`,
      `From: ${formatAddress(from.name, from.address, encoding)}`,
      foldList('To', [formatAddress(to.name, to.address, encoding)]),
    ];
    if (random.chance(0.25)) {
      const cc = PEOPLE.filter(() => random.chance(0.25)).map((p) => formatAddress(p.name, p.address, encoding));
      if (cc.length > 0) headers.push(foldList('Cc', cc));
    }
    // 1%: raw UTF-8 in the Subject (RFC 6532 style, or simply a broken mailer).
    headers.push(`Subject: ${random.chance(0.01) ? subject : encodeWords(subject, encoding)}`);
    headers.push(`Message-ID: ${messageId}`);
    if (parent) headers.push(`In-Reply-To: ${parent.messageId}`, foldList('References', references, ''));
    headers.push('MIME-Version: 1.0', `X-Mailer: ${random.pick(MAILERS)}`);

    const body = buildBody(random, pool, i);
    const head = [...headers, ...body.headers].join('\r\n') + '\r\n\r\n';
    yield Buffer.concat([Buffer.from(head, 'utf8'), body.body]);
  }
}

function buildBody(random: Random, pool: Base64Pool, index: number): Part {
  const kind = pickTextKind(random);
  const charset = kind === 'ascii' ? 'ascii' : kind === 'latin1-8bit' ? 'latin1' : 'utf8';
  const paras = paragraphs(random, random.int(1, 6), charset);
  let body = textPart(random, kind, paras);
  if (random.chance(0.35)) body = multipart('alternative', [body, htmlPart(paras)], boundary(random, index, 'alt'));
  if (random.chance(0.3)) {
    const count = random.chance(0.7) ? 1 : random.chance(0.8) ? 2 : 3;
    const attachments = Array.from({ length: count }, () => attachmentPart(random, pool));
    body = multipart('mixed', [body, ...attachments], boundary(random, index, 'mix'));
  }
  return body;
}

function boundary(random: Random, index: number, kind: string): string {
  return `----=_Part_${index}_${kind}_${random.hex(12)}`;
}

export interface SeedOptions {
  /** Put messages in cur/ with a realistic mix of \Seen, \Answered, \Flagged; otherwise all unseen in new/. */
  mixedFlags?: boolean;
  seed?: number;
}

/**
 * Writes messages straight into the user's Maildir (10,000 in a few seconds); Dovecot picks them up
 * on its next sync of the folder. Returns what was written, in write (= UID) order, for byte comparisons.
 */
export function seedMaildir(
  server: Pick<MailServer, 'writeToMaildir'>,
  user: string,
  messages: Iterable<Buffer>,
  opts: SeedOptions = {},
): MaildirFile[] {
  const random = new Random(opts.seed ?? 7);
  const written: MaildirFile[] = [];
  for (const bytes of messages) {
    const date = headerDate(bytes);
    written.push(
      opts.mixedFlags
        ? server.writeToMaildir(user, bytes, { folder: 'cur', flags: pickFlags(random), date })
        : server.writeToMaildir(user, bytes, { folder: 'new', date }),
    );
  }
  return written;
}

function pickFlags(random: Random): string {
  const r = random.next();
  // Maildir info flags must be in ASCII order: F(lagged) R(eplied) S(een).
  if (r < 0.25) return '';
  if (r < 0.3) return 'F';
  if (r < 0.4) return 'FS';
  if (r < 0.55) return 'RS';
  return 'S';
}

/** INTERNALDATE comes from the file mtime, so keep it close to the Date header. */
function headerDate(bytes: Buffer): Date | undefined {
  const head = bytes.subarray(0, 4096).toString('latin1');
  const match = /^Date: (.+)$/m.exec(head);
  const time = match?.[1] ? Date.parse(match[1]) : NaN;
  return Number.isNaN(time) ? undefined : new Date(time);
}
