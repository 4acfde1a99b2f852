import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdleTimer, effectiveIdleSeconds, warningSecondsFor, type IdleSnapshot } from '../../../../renderer/src/session/idle-timer';

beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
afterEach(() => vi.useRealTimers());

function start(timeoutSeconds = 120, warningSeconds?: number) {
  const changes: IdleSnapshot[] = [];
  const onExpire = vi.fn();
  const timer = createIdleTimer({ timeoutSeconds, ...(warningSeconds ? { warningSeconds } : {}), onChange: (s) => changes.push(s), onExpire });
  return { timer, changes, onExpire };
}

describe('idle timer', () => {
  it('warns for the last 30 s, counting down each second, then expires once', () => {
    const { timer, onExpire } = start(120);
    vi.advanceTimersByTime(89_999);
    expect(timer.snapshot().phase).toBe('active');
    vi.advanceTimersByTime(1);
    expect(timer.snapshot()).toMatchObject({ phase: 'warning', secondsLeft: 30 });
    vi.advanceTimersByTime(1_000);
    expect(timer.snapshot().secondsLeft).toBe(29);
    vi.advanceTimersByTime(28_999);
    expect(timer.snapshot()).toMatchObject({ phase: 'warning', secondsLeft: 1 });
    expect(onExpire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(timer.snapshot().phase).toBe('expired');
    vi.advanceTimersByTime(600_000);
    expect(onExpire).toHaveBeenCalledTimes(1);
  });

  it('activity restarts the wait; during the warning only continue does', () => {
    const { timer, onExpire } = start(120);
    vi.advanceTimersByTime(80_000);
    timer.activity();
    vi.advanceTimersByTime(80_000);
    expect(timer.snapshot().phase).toBe('active');
    vi.advanceTimersByTime(15_000);
    expect(timer.snapshot().phase).toBe('warning');
    timer.activity(); // a stray tap does not dismiss the countdown
    expect(timer.snapshot().phase).toBe('warning');
    timer.continueSession();
    expect(timer.snapshot()).toMatchObject({ phase: 'active', secondsLeft: 120 });
    vi.advanceTimersByTime(119_000);
    expect(onExpire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(onExpire).toHaveBeenCalledTimes(1);
  });

  it('never warns for less than 20 s', () => {
    expect(warningSecondsFor(120, 5)).toBe(20);
    expect(warningSecondsFor(10)).toBe(10);
    const { timer } = start(60, 5);
    vi.advanceTimersByTime(40_000);
    expect(timer.snapshot()).toMatchObject({ phase: 'warning', secondsLeft: 20 });
  });

  it('restart after a reset, and dispose stops everything', () => {
    const { timer, onExpire } = start(30);
    vi.advanceTimersByTime(30_000);
    expect(onExpire).toHaveBeenCalledTimes(1);
    timer.restart(45);
    expect(timer.snapshot()).toMatchObject({ phase: 'active', timeoutSeconds: 45 });
    timer.dispose();
    vi.advanceTimersByTime(100_000);
    expect(onExpire).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not drift when timers fire late', () => {
    const { timer } = start(60);
    vi.advanceTimersByTime(45_500);
    expect(timer.snapshot().secondsLeft).toBe(15);
    vi.setSystemTime(Date.now() + 3_000); // the page was busy: three seconds passed without a timer
    vi.advanceTimersByTime(500); // the next tick, when it comes, counts from the clock, not from ticks
    expect(timer.snapshot().secondsLeft).toBe(11);
  });

  it('the hall timeout, ×1.5 in elderly mode', () => {
    expect(effectiveIdleSeconds(undefined, false)).toBe(120);
    expect(effectiveIdleSeconds(120, true)).toBe(180);
    expect(effectiveIdleSeconds(90, false)).toBe(90);
    expect(effectiveIdleSeconds(0, false)).toBe(120);
  });
});
