/**
 * Retry delays: exponential backoff with full jitter (AWS), `random(0, min(cap, base·2^(n-1)))`,
 * never shorter than what the platform asked for in `Retry-After`.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 10 * 60 * 1000 };

/** `attempt` counts from 1 (the first retry). */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number, retryAfterMs?: number | null): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}
