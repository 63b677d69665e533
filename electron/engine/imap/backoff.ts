/** Reconnect timing: exponential with "full jitter" so many clients do not return in lockstep. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 };

/**
 * Delay before reconnect attempt `attempt` (0 for the first retry). `rand` is in [0, 1).
 * The ceiling doubles per attempt up to `maxMs`; the delay is drawn from [ceiling/2, ceiling) so a
 * retry never comes back immediately (a flapping server is not hammered) yet stays spread out.
 */
export const nextBackoff = (attempt: number, rand: number, policy: BackoffPolicy = defaultBackoff): number => {
  const n = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
  const r = Number.isFinite(rand) ? Math.min(Math.max(rand, 0), 1) : 0;
  // 2 ** 30 already exceeds any sane maxMs; capping the exponent avoids Infinity arithmetic.
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n, 30));
  const half = ceiling / 2;
  return Math.round(half + half * r);
};
