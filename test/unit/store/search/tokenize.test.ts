import { describe, expect, it } from 'vitest';

import { MAX_TERM_LENGTH, MAX_TERMS_PER_MESSAGE, parseQuery, termsForMessage, tokenize } from '../../../../renderer/store/search/tokenize';

describe('tokenize', () => {
  it('lower-cases, folds accents and splits on everything but letters and digits', () => {
    expect(tokenize('Re: Café crème — Zürich 2024!')).toEqual(['re', 'cafe', 'creme', 'zurich', '2024']);
    expect(tokenize('ann.lee+news@Example.ORG')).toEqual(['ann', 'lee', 'news', 'example', 'org']);
    expect(tokenize('Привет мир 你好')).toEqual(['привет', 'мир', '你好']);
  });

  it('cuts very long words', () => {
    expect(tokenize('x'.repeat(500))).toEqual(['x'.repeat(MAX_TERM_LENGTH)]);
  });
});

describe('termsForMessage', () => {
  const base = { subject: '', snippet: '', from: [], to: [], cc: [] };

  it('takes subject, snippet and every name and address, each word once, skipping one-letter words', () => {
    const terms = termsForMessage({
      ...base,
      subject: 'Quarterly report',
      snippet: 'see the report, a summary',
      from: [{ name: 'Ann Lee', address: 'ann@example.org' }],
      to: [{ name: '', address: 'bob@example.net' }],
      cc: [{ name: 'Carol', address: 'carol@example.com' }],
    });
    expect(terms.sort()).toEqual(
      ['quarterly', 'report', 'see', 'the', 'summary', 'ann', 'lee', 'example', 'org', 'bob', 'net', 'carol', 'com'].sort(),
    );
  });

  it('bounds the postings of one message', () => {
    const snippet = Array.from({ length: 1000 }, (_, i) => `w${i}`).join(' ');
    expect(termsForMessage({ ...base, snippet })).toHaveLength(MAX_TERMS_PER_MESSAGE);
  });
});

describe('parseQuery', () => {
  it('makes the last word a prefix and the others whole words', () => {
    expect(parseQuery('Ann  proj')).toEqual({ exact: ['ann'], prefix: 'proj' });
    expect(parseQuery('report')).toEqual({ exact: [], prefix: 'report' });
  });

  it('drops one-letter whole words (never indexed) but keeps a one-letter prefix', () => {
    expect(parseQuery('a b')).toEqual({ exact: [], prefix: 'b' });
  });

  it('has nothing to look for in punctuation', () => {
    expect(parseQuery(' ,.; ')).toEqual({ exact: [], prefix: null });
  });

  it('drops a prefix that is already a whole word of the query', () => {
    expect(parseQuery('ann ann')).toEqual({ exact: ['ann'], prefix: null });
  });
});
