/**
 * When to restart a process that died (the device host, the renderer): exponential backoff with a
 * cap, forgiven after a stable run, and a verdict to escalate (relaunch the whole app, or raise a
 * technician fault) after too many failures in a window. Pure, so both shells share it and tests
 * can drive it with a fake clock.
 */
export interface RestartPolicyOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  /** A process that stayed up this long is considered healthy again: the backoff starts over. */
  stableAfterMs: number;
  /** This many failures within `windowMs` means restarting alone is not helping. */
  maxFailuresInWindow: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  initialDelayMs: 250,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
  maxFailuresInWindow: 5,
  windowMs: 5 * 60_000,
};

export type RestartDecision = { action: 'restart'; delayMs: number; attempt: number } | { action: 'escalate'; failures: number };

export class RestartPolicy {
  private failures: number[] = [];
  private consecutive = 0;
  private startedAt: number | undefined;

  constructor(
    private readonly options: RestartPolicyOptions = DEFAULT_RESTART_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  /** Call when the process has started. */
  started(): void {
    this.startedAt = this.now();
  }

  /** Call when the process died; says whether to restart it (and after how long) or escalate. */
  failed(): RestartDecision {
    const now = this.now();
    if (this.startedAt !== undefined && now - this.startedAt >= this.options.stableAfterMs) this.consecutive = 0;
    this.startedAt = undefined;
    this.failures = this.failures.filter((t) => now - t < this.options.windowMs);
    this.failures.push(now);
    if (this.failures.length >= this.options.maxFailuresInWindow) {
      return { action: 'escalate', failures: this.failures.length };
    }
    this.consecutive += 1;
    const delayMs = Math.min(this.options.maxDelayMs, this.options.initialDelayMs * 2 ** (this.consecutive - 1));
    return { action: 'restart', delayMs, attempt: this.consecutive };
  }

  /** Forget past failures (after an escalation has been acted on). */
  reset(): void {
    this.failures = [];
    this.consecutive = 0;
  }
}
