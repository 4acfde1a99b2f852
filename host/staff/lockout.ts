/**
 * Wrong-credential counting and the staff-entry lockout. After MAX_FAILURES wrong credentials (a
 * wrong PIN, or a card that is not a staff card of this hall), staff entry (PIN and card) locks for
 * 1 minute; every further lockout before a successful sign-in doubles it (1, 2, 4, 8, 16, 32,
 * 64 minutes, then 64 again). The state is written durably (fsync + rename)
 * on every change, so restarting the host does not reset it. The counter is per terminal, not per
 * staff member: someone trying PINs cannot get five tries per name.
 *
 * The clock is the wall clock (injectable): setting the system clock back would shorten a
 * lockout, which needs the operating system's rights the kiosk user does not have.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { StaffLockout } from '../../common/ipc/methods/staff';
import { writeJsonDurably } from '../platform/terminal-service';

export const MAX_FAILURES = 5;
export const BASE_LOCK_MS = 60_000;
export const MAX_LEVEL = 6;

interface LockoutState {
  failures: number;
  level: number;
  lockedUntil: number | null;
}

export class Lockout {
  private state: LockoutState;

  constructor(
    private readonly path: string,
    private readonly now: () => number,
  ) {
    this.state = readState(path, now);
  }

  /** Lock duration of a given level. */
  static durationMs(level: number): number {
    return BASE_LOCK_MS * 2 ** Math.min(level, MAX_LEVEL);
  }

  lockedUntil(): number | null {
    const until = this.state.lockedUntil;
    return until !== null && until > this.now() ? until : null;
  }

  snapshot(): StaffLockout {
    const until = this.lockedUntil();
    return {
      failures: this.state.failures,
      attemptsLeft: until !== null ? 0 : Math.max(0, MAX_FAILURES - this.state.failures),
      lockedUntil: until === null ? null : new Date(until).toISOString(),
      level: this.state.level,
    };
  }

  /** Records a wrong credential; returns true when this failure started a lockout. */
  fail(): boolean {
    if (this.lockedUntil() !== null) return false;
    const failures = this.state.failures + 1;
    if (failures < MAX_FAILURES) {
      this.save({ ...this.state, failures });
      return false;
    }
    this.save({ failures: 0, level: this.state.level + 1, lockedUntil: this.now() + Lockout.durationMs(this.state.level) });
    return true;
  }

  succeed(): void {
    if (this.state.failures !== 0 || this.state.level !== 0 || this.state.lockedUntil !== null) this.save({ failures: 0, level: 0, lockedUntil: null });
  }

  private save(next: LockoutState): void {
    this.state = next;
    writeJsonDurably(this.path, next);
  }
}

function readState(path: string, now: () => number): LockoutState {
  const fresh: LockoutState = { failures: 0, level: 0, lockedUntil: null };
  if (!existsSync(path)) return fresh;
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockoutState>;
    const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
    return { failures: int(raw.failures), level: int(raw.level), lockedUntil: typeof raw.lockedUntil === 'number' ? raw.lockedUntil : null };
  } catch {
    // A damaged file must not unlock: lock for the base interval and start counting again.
    return { failures: 0, level: 1, lockedUntil: now() + BASE_LOCK_MS };
  }
}
