import { describe, expect, it } from 'vitest';

import { generateMessages } from '../../mailserver/seed';

const now = new Date('2026-01-01T00:00:00Z');
const messages = [...generateMessages(400, { seed: 11, now })];
const text = messages.map((m) => m.toString('latin1'));

describe('generateMessages', () => {
  it('is deterministic per seed', () => {
    const again = [...generateMessages(400, { seed: 11, now })];
    expect(again.every((m, i) => m.equals(messages[i] ?? Buffer.alloc(0)))).toBe(true);
    expect([...generateMessages(1, { seed: 12, now })][0]?.equals(messages[0] ?? Buffer.alloc(0))).toBe(false);
  });

  it('uses CRLF only and keeps every line within 998 octets (RFC 5322 §2.1.1)', () => {
    for (const m of text) {
      expect(m.endsWith('\r\n')).toBe(true);
      expect(/[^\r]\n|\r[^\n]/.test(m)).toBe(false);
      expect(Math.max(...m.split('\r\n').map((l) => l.length))).toBeLessThanOrEqual(998);
    }
  });

  it('averages roughly 20 KB, like a real mailbox with attachments', () => {
    const average = messages.reduce((sum, m) => sum + m.length, 0) / messages.length;
    expect(average).toBeGreaterThan(12_000);
    expect(average).toBeLessThan(35_000);
  });

  it('covers the awkward cases: threads, 8-bit, latin1, encoded words, dot lines, long lines, attachments', () => {
    const ids = new Set(text.map((m) => /^Message-ID: (.+)$/m.exec(m)?.[1]));
    const replies = text.filter((m) => /^In-Reply-To: /m.test(m));
    expect(replies.length).toBeGreaterThan(40);
    for (const r of replies) expect(ids.has(/^In-Reply-To: (.+)$/m.exec(r)?.[1])).toBe(true);
    expect(text.some((m) => m.includes('Content-Transfer-Encoding: 8bit') && /charset=utf-8/.test(m))).toBe(true);
    expect(text.some((m) => m.includes('charset=iso-8859-1') && /[\xa0-\xff]/.test(m))).toBe(true);
    expect(text.some((m) => /^Subject: =\?UTF-8\?[BQ]\?/m.test(m))).toBe(true);
    expect(text.some((m) => m.includes('\r\n.\r\n'))).toBe(true);
    expect(text.some((m) => m.split('\r\n').some((l) => l.length > 850))).toBe(true);
    expect(text.some((m) => m.includes('Content-Transfer-Encoding: base64'))).toBe(true);
  });

  it('spreads dates over the two years before `now`, oldest first', () => {
    const dates = text.map((m) => Date.parse(/^Date: (.+)$/m.exec(m)?.[1] ?? ''));
    expect(dates.every((d, i) => i === 0 || d >= (dates[i - 1] ?? 0))).toBe(true);
    expect(dates[0]).toBeGreaterThan(now.getTime() - 731 * 86_400_000);
    expect(dates.at(-1)).toBeLessThanOrEqual(now.getTime());
  });
});
