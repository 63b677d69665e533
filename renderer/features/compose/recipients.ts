import type { MailAddress } from '../../../electron/contract';

/**
 * Splits what the user typed in a To/Cc/Bcc field into addresses: commas or semicolons between
 * them, `Name <addr>` or a bare address. Quoted names may contain commas.
 */
export const parseRecipients = (text: string): { addresses: MailAddress[]; invalid: string[] } => {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === '<') angle = true;
    if (!quoted && ch === '>') angle = false;
    if (!quoted && !angle && (ch === ',' || ch === ';' || ch === '\n')) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  const addresses: MailAddress[] = [];
  const invalid: string[] = [];
  for (const raw of parts.map((p) => p.trim()).filter(Boolean)) {
    const m = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>$/.exec(raw);
    if (m) {
      addresses.push({ name: m[1]!.replace(/^"|"$/g, '').trim(), address: m[2]! });
    } else if (/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(raw)) {
      addresses.push({ name: '', address: raw });
    } else {
      invalid.push(raw);
    }
  }
  return { addresses, invalid };
};

export const formatRecipients = (list: readonly MailAddress[]): string =>
  list.map((a) => (a.name ? `${/[,;"<>]/.test(a.name) ? `"${a.name.replace(/"/g, '')}"` : a.name} <${a.address}>` : a.address)).join(', ');

/** The part after the last separator: what autocomplete completes. */
export const lastTyped = (text: string): string => text.split(/[,;]/).pop()?.trim() ?? '';

/** Replaces the part being typed with the chosen address and starts the next one. */
export const completeWith = (text: string, chosen: MailAddress): string => {
  const cut = Math.max(text.lastIndexOf(','), text.lastIndexOf(';'));
  const head = cut === -1 ? '' : `${text.slice(0, cut + 1)} `;
  return `${head}${formatRecipients([chosen])}, `;
};

export const formatBytes = (n: number): string =>
  n < 1024 ? `${n} bytes` : n < 1024 * 1024 ? `${Math.round(n / 1024)} KB` : `${(n / (1024 * 1024)).toFixed(1)} MB`;
