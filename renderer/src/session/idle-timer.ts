/**
 * The idle timer behind <IdleGuard>: after `timeoutSeconds` without activity the session expires;
 * the last `warningSeconds` (≥ 20 s) are a visible countdown that only "continue" dismisses — a stray
 * tap does not. No time pressure without warning: the countdown always shows before expiry.
 * Pure apart from the clock, which is injected (tests use fake timers).
 */

export type IdlePhase = 'active' | 'warning' | 'expired';

export interface IdleSnapshot {
  phase: IdlePhase;
  /** Whole seconds until expiry (shown in the countdown). */
  secondsLeft: number;
  timeoutSeconds: number;
  warningSeconds: number;
}

export interface IdleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface IdleTimerOptions {
  timeoutSeconds: number;
  /** Length of the countdown; default 30, never under 20 (or the whole timeout if that is shorter). */
  warningSeconds?: number;
  onChange?(snapshot: IdleSnapshot): void;
  /** Called once when the time is up; the timer then stays expired until restart(). */
  onExpire(): void;
  clock?: IdleClock;
}

export interface IdleTimer {
  /** A tap or key: restarts the wait, unless the countdown is showing. */
  activity(): void;
  /** The citizen chose "continue": back to active with the full time. */
  continueSession(): void;
  /** Starts over (after a reset, or with a new timeout). */
  restart(timeoutSeconds?: number): void;
  snapshot(): IdleSnapshot;
  dispose(): void;
}

export const DEFAULT_IDLE_SECONDS = 120;
export const MIN_WARNING_SECONDS = 20;
export const ELDERLY_FACTOR = 1.5;

/** The hall's idleResetSeconds (default 120), × 1.5 in elderly mode. */
export function effectiveIdleSeconds(idleResetSeconds: number | undefined, elderly: boolean): number {
  const base = idleResetSeconds && Number.isFinite(idleResetSeconds) && idleResetSeconds > 0 ? idleResetSeconds : DEFAULT_IDLE_SECONDS;
  return Math.round(elderly ? base * ELDERLY_FACTOR : base);
}

export function warningSecondsFor(timeoutSeconds: number, requested = 30): number {
  return Math.min(timeoutSeconds, Math.max(MIN_WARNING_SECONDS, requested));
}

const systemClock: IdleClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export function createIdleTimer(options: IdleTimerOptions): IdleTimer {
  const clock = options.clock ?? systemClock;
  let timeoutSeconds = Math.max(1, options.timeoutSeconds);
  let warningSeconds = warningSecondsFor(timeoutSeconds, options.warningSeconds);
  let deadline = 0;
  let phase: IdlePhase = 'active';
  let secondsLeft = timeoutSeconds;
  let handle: unknown = null;
  let disposed = false;

  const snapshot = (): IdleSnapshot => ({ phase, secondsLeft, timeoutSeconds, warningSeconds });
  const emit = () => options.onChange?.(snapshot());
  const cancel = () => {
    if (handle !== null) clock.clearTimeout(handle);
    handle = null;
  };

  // One timer at a time: to the start of the warning, then once a second (re-aligned to the
  // deadline, so a late timer never makes the count drift) until expiry.
  const schedule = () => {
    cancel();
    if (disposed || phase === 'expired') return;
    const remainingMs = deadline - clock.now();
    if (remainingMs <= 0) {
      phase = 'expired';
      secondsLeft = 0;
      emit();
      options.onExpire();
      return;
    }
    const left = Math.ceil(remainingMs / 1000);
    if (left <= warningSeconds) {
      if (phase !== 'warning' || secondsLeft !== left) {
        phase = 'warning';
        secondsLeft = left;
        emit();
      }
      const untilNextSecond = remainingMs - (left - 1) * 1000;
      handle = clock.setTimeout(schedule, Math.max(1, untilNextSecond));
    } else {
      handle = clock.setTimeout(schedule, remainingMs - warningSeconds * 1000);
    }
  };

  const start = () => {
    phase = 'active';
    secondsLeft = timeoutSeconds;
    deadline = clock.now() + timeoutSeconds * 1000;
    emit();
    schedule();
  };

  start();

  return {
    activity() {
      if (disposed || phase !== 'active') return;
      deadline = clock.now() + timeoutSeconds * 1000;
      // No emit: activity changes nothing visible, and taps are frequent.
      if (handle === null) schedule();
      else {
        cancel();
        handle = clock.setTimeout(schedule, timeoutSeconds * 1000 - warningSeconds * 1000);
      }
    },
    continueSession() {
      if (disposed || phase !== 'warning') return;
      start();
    },
    restart(newTimeout) {
      if (disposed) return;
      if (newTimeout !== undefined) {
        timeoutSeconds = Math.max(1, newTimeout);
        warningSeconds = warningSecondsFor(timeoutSeconds, options.warningSeconds);
      }
      start();
    },
    snapshot,
    dispose() {
      disposed = true;
      cancel();
    },
  };
}
