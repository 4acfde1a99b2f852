/** Session pacing: the idle countdown and elderly mode. */
export { IdleGuard, type IdleGuardProps } from './IdleGuard';
export { createIdleTimer, effectiveIdleSeconds, warningSecondsFor, DEFAULT_IDLE_SECONDS, MIN_WARNING_SECONDS, type IdleSnapshot, type IdleTimer } from './idle-timer';
export { ElderlyModeProvider, useElderlyMode } from './elderly-mode';
