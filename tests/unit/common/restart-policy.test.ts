import { describe, expect, it } from 'vitest';
import { RestartPolicy } from '../../../common/supervision/restart-policy';

describe('restart policy', () => {
  const options = { initialDelayMs: 100, maxDelayMs: 1000, stableAfterMs: 10_000, maxFailuresInWindow: 5, windowMs: 60_000 };

  it('backs off exponentially up to the cap', () => {
    let now = 0;
    const policy = new RestartPolicy({ ...options, maxFailuresInWindow: 100 }, () => now);
    const delays = Array.from({ length: 6 }, () => {
      policy.started();
      now += 10;
      const decision = policy.failed();
      return decision.action === 'restart' ? decision.delayMs : -1;
    });
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('starts the backoff over after a stable run', () => {
    let now = 0;
    const policy = new RestartPolicy(options, () => now);
    policy.started();
    policy.failed();
    policy.started();
    expect(policy.failed()).toMatchObject({ delayMs: 200 });
    policy.started();
    now += 20_000;
    expect(policy.failed()).toMatchObject({ action: 'restart', delayMs: 100 });
  });

  it('escalates after too many failures within the window, and forgets old ones', () => {
    let now = 0;
    const policy = new RestartPolicy(options, () => now);
    for (let i = 0; i < 4; i += 1) expect(policy.failed().action).toBe('restart');
    expect(policy.failed()).toEqual({ action: 'escalate', failures: 5 });
    policy.reset();
    now += 120_000;
    expect(policy.failed().action).toBe('restart');
  });
});
