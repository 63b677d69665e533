import { chownSync, mkdirSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Owner for files the test process writes while Dovecot's mail processes run as another uid (root case). */
export interface MailOwner {
  uid: number;
  gid: number;
}

export interface MaildirFile {
  /** Path relative to the Maildir, e.g. `cur/1700000000.M12P345Q12.homing,S=2048,W=2048:2,S`. */
  filename: string;
  path: string;
  bytes: Buffer;
}

export interface MaildirWrite {
  bytes: Buffer;
  /** `new/` is what a fresh delivery looks like (\Recent); `cur/` carries the flags in the name. */
  folder: 'new' | 'cur';
  /** Maildir info flags in ASCII order, e.g. "FS". Only used for `cur/`. */
  flags?: string;
  /** Becomes the file mtime, which Dovecot reports as INTERNALDATE. */
  date?: Date;
}

export function ensureMaildir(maildir: string, owner: MailOwner | undefined): void {
  // The home dir (parent) holds Dovecot's per-user state, so it needs the mail owner too.
  for (const dir of [dirname(maildir), maildir, ...['cur', 'new', 'tmp'].map((d) => join(maildir, d))]) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (owner) chownSync(dir, owner.uid, owner.gid);
  }
}

let sequence = 0;

/**
 * Writes one message the Maildir way (tmp/ then rename), so a running Dovecot never sees a partial
 * file. The bytes are stored untouched: this is the byte-exact way to put mail on the server.
 */
export function writeMaildirFile(maildir: string, owner: MailOwner | undefined, write: MaildirWrite): MaildirFile {
  const { bytes, folder, flags = '', date = new Date() } = write;
  sequence++;
  const seconds = Math.floor(date.getTime() / 1000);
  // Dovecot orders new files by the "<seconds>.M<micros>" prefix when it assigns UIDs; the
  // sequence in M keeps that order equal to write order within one second.
  const unique = `${seconds}.M${sequence % 1_000_000}P${process.pid}Q${sequence}.homing`;
  // S= is the file size and W= the size with CRLF line ends; Dovecot trusts both instead of reading the file.
  const base = `${unique},S=${bytes.length},W=${bytes.length + bareLineFeeds(bytes)}`;
  const filename = folder === 'cur' ? `cur/${base}:2,${flags}` : `new/${base}`;
  const tmpPath = join(maildir, 'tmp', base);
  const path = join(maildir, filename);
  writeFileSync(tmpPath, bytes, { mode: 0o600 });
  if (owner) chownSync(tmpPath, owner.uid, owner.gid);
  utimesSync(tmpPath, date, date);
  renameSync(tmpPath, path);
  return { filename, path, bytes };
}

function bareLineFeeds(bytes: Buffer): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) {
    if (i === 0 || bytes[i - 1] !== 0x0d) count++;
  }
  return count;
}
