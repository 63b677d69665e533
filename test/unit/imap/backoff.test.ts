import { describe, expect, it } from 'vitest';

import { defaultBackoff, nextBackoff } from '../../../electron/engine/imap/backoff';

describe('nextBackoff', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };

  it('doubles the ceiling per attempt and draws from its upper half', () => {
    expect(nextBackoff(0, 0, policy)).toBe(500);
    expect(nextBackoff(0, 0.999999, policy)).toBe(1000);
    expect(nextBackoff(1, 0, policy)).toBe(1000);
    expect(nextBackoff(1, 0.5, policy)).toBe(1500);
    expect(nextBackoff(2, 0, policy)).toBe(2000);
    expect(nextBackoff(3, 1, policy)).toBe(8000);
  });

  it('never exceeds the maximum, however many attempts', () => {
    for (const attempt of [6, 7, 10, 50, 1000, Number.MAX_SAFE_INTEGER]) {
      for (const r of [0, 0.3, 0.99, 1]) {
        const d = nextBackoff(attempt, r, policy);
        expect(d).toBeGreaterThanOrEqual(30_000);
        expect(d).toBeLessThanOrEqual(60_000);
      }
    }
  });

  it('is monotone in the random draw and never below half the ceiling', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      let prev = -1;
      for (let r = 0; r <= 1; r += 0.05) {
        const d = nextBackoff(attempt, r, policy);
        expect(d).toBeGreaterThanOrEqual(prev);
        prev = d;
        const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
        expect(d).toBeGreaterThanOrEqual(ceiling / 2);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('treats nonsense input as the first attempt and clamps the draw', () => {
    expect(nextBackoff(-3, 0, policy)).toBe(500);
    expect(nextBackoff(Number.NaN, 0, policy)).toBe(500);
    expect(nextBackoff(0, -1, policy)).toBe(500);
    expect(nextBackoff(0, 7, policy)).toBe(1000);
    expect(nextBackoff(0, Number.NaN, policy)).toBe(500);
  });

  it('spreads clients that failed together (jitter)', () => {
    const draws = new Set(Array.from({ length: 20 }, (_, i) => nextBackoff(4, i / 20)));
    expect(draws.size).toBe(20);
  });

  it('has production defaults of 2 s growing to 5 min', () => {
    expect(nextBackoff(0, 1)).toBe(defaultBackoff.baseMs);
    expect(nextBackoff(30, 1)).toBe(defaultBackoff.maxMs);
  });
});
