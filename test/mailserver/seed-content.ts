// Raw material for generated mail. Names and subjects deliberately include what breaks naive code:
// umlauts, CJK, Cyrillic, emoji, RFC 5322 specials needing quotes.

import type { Random } from './seed-random';

export interface Person {
  name: string;
  address: string;
}

export const PEOPLE: readonly Person[] = [
  { name: 'Alice Martin', address: 'alice@homing.test' },
  { name: 'Bob Okafor', address: 'bob@homing.test' },
  { name: 'Jürgen Groß', address: 'juergen.gross@example.de' },
  { name: 'Zoë Brontë', address: 'zoe@example.org' },
  { name: '田中 太郎', address: 'tanaka@example.jp' },
  { name: 'Ольга Петрова', address: 'olga@example.ru' },
  { name: "O'Brien, Siobhán", address: 'siobhan.obrien@example.ie' },
  { name: 'José Álvarez', address: 'jose@example.es' },
  { name: 'Priya Natarajan', address: 'priya@example.in' },
  { name: 'Dr. Emily Carter (Research)', address: 'e.carter@lab.example.com' },
  { name: '', address: 'noreply@notifications.example.com' },
  { name: 'Ops Team', address: 'ops-alerts@example.net' },
  { name: 'Léa Dubois', address: 'lea.dubois@example.fr' },
  { name: '김민준', address: 'minjun@example.kr' },
];

export const SUBJECTS: readonly string[] = [
  'Quarterly report draft',
  'Lunch on Thursday?',
  'Grüße aus München',
  '会議の議事録（第3四半期）',
  'Отчёт за неделю',
  '🎉 Launch party on Friday',
  'Invoice #2024-0173 for consulting services',
  'Re: Re: budget numbers',
  'Your build failed: homing/main #4812',
  'Café meeting — agenda & notes',
  'Please review: migration plan for the new storage backend, including rollback steps and timelines',
  'Photos from the trip',
  'Ünïcödé stress tëst: ½ ¾ € ™ ✓ 日本語 한국어 עברית',
  'Weekly digest',
  'Contract renewal',
  'Fwd: travel itinerary',
];

const SENTENCES: readonly string[] = [
  'Thanks for sending this over so quickly.',
  'I had a look at the numbers and most of them line up with what we discussed last week.',
  'Could you double-check the figures in the second table before we share it?',
  'The meeting has moved to the small conference room on the third floor.',
  'Let me know if Thursday afternoon works for you, otherwise Friday morning is fine too.',
  'Attached is the latest version with the comments from legal addressed.',
  'We still need a decision on the vendor before the end of the month.',
  'I will be out of office next week with limited access to email.',
  'The deployment went smoothly and no errors were reported overnight.',
  'As promised, here is the summary of the customer interviews.',
  'Please ignore the previous message, it went out by mistake.',
  'Happy to jump on a call if that is easier.',
];

const SENTENCES_UTF8: readonly string[] = [
  'Vielen Dank für die schnelle Rückmeldung — wir sehen uns übermorgen.',
  'Die Größe der Datei überschreitet das Limit; bitte prüfen.',
  '来週の会議は木曜日の午後三時からです。よろしくお願いします。',
  'Спасибо за письмо, я посмотрю документ завтра утром.',
  'Nous avons reçu votre dossier complet, merci beaucoup !',
  'Prices: 12,50 € · 9.99 £ · ¥1200 — all approximate ✓',
  'Preise: 12,50 £ · ¥1200 · ½ Liter bei 20 °C. Grüße, Søren Ærø',
];

const SENTENCES_LATIN1 = SENTENCES_UTF8.filter((s) => /^[\x20-\xff]*$/.test(s));

export function paragraphs(random: Random, count: number, charset: 'ascii' | 'utf8' | 'latin1'): string[] {
  const extra = charset === 'utf8' ? SENTENCES_UTF8 : SENTENCES_LATIN1;
  const out: string[] = [];
  for (let p = 0; p < count; p++) {
    const sentences: string[] = [];
    for (let s = random.int(2, 6); s > 0; s--) {
      sentences.push(charset !== 'ascii' && random.chance(0.4) ? random.pick(extra) : random.pick(SENTENCES));
    }
    out.push(sentences.join(' '));
  }
  return out;
}

/** Greedy word wrap at 72 columns, the width most mailers use for text/plain. */
export function wrap(text: string, width = 72): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Lines that a broken SMTP/LMTP/POP3 dot-stuffing implementation would truncate or corrupt. */
export const DOT_LINES: readonly string[] = ['.', '..', '.hidden-file', '...and that was the end of it.', '. leading dot and space'];

export const ATTACHMENTS: readonly { name: string; type: string; magic: string }[] = [
  { name: 'report-Q3.pdf', type: 'application/pdf', magic: '%PDF-1.4\n' },
  { name: 'Präsentation.pdf', type: 'application/pdf', magic: '%PDF-1.7\n' },
  { name: 'photo_0412.jpg', type: 'image/jpeg', magic: '\xff\xd8\xff\xe0' },
  { name: 'diagram.png', type: 'image/png', magic: '\x89PNG\r\n\x1a\n' },
  { name: '請求書.pdf', type: 'application/pdf', magic: '%PDF-1.5\n' },
  { name: 'archive.zip', type: 'application/zip', magic: 'PK\x03\x04' },
  {
    name: 'data export (final).xlsx',
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    magic: 'PK\x03\x04',
  },
];
