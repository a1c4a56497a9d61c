/** Exponential reconnect backoff with "equal jitter": half fixed, half random, capped. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Returns a number in [0, 1); injectable for tests. */
  random: () => number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, maxMs: 15_000, random: Math.random };

/** Delay before reconnect attempt `attempt` (0 = the first retry after a drop). */
export function backoffDelay(attempt: number, options: BackoffOptions = defaultBackoff): number {
  const exponent = Math.min(Math.max(0, attempt), 20);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  const half = ceiling / 2;
  return Math.round(half + options.random() * half);
}
