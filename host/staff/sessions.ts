/**
 * Staff sessions. The host holds the one active session of this screen; the page holds only its
 * random token (256 bits) and presents it with every staff call. A session ends on sign-out, after
 * IDLE_TIMEOUT_MS without a staff call (shorter than a citizen's idle reset), when another staff
 * member signs in, or when the host restarts (sessions are not persisted on purpose).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { RpcError } from '../../common/ipc/protocol';
import type { StaffRole, StaffSession } from '../../common/ipc/methods/staff';
import type { StaffEntry } from './credentials';

export const IDLE_TIMEOUT_MS = 90_000;

export type SessionEndReason = 'signed-out' | 'timeout' | 'replaced';

interface Active {
  token: string;
  staff: StaffEntry;
  method: 'pin' | 'card';
  startedAt: number;
  lastActivity: number;
}

export class SessionError extends RpcError {
  constructor(message: string) {
    super('unavailable', `staff-session: ${message}`);
  }
}

export class RoleError extends RpcError {
  constructor(message: string) {
    super('failed', `staff-role: ${message}`);
  }
}

export interface StaffSessionsOptions {
  idleMs?: number;
  now?: () => number;
  onEnded(reason: SessionEndReason, staffId: string): void;
}

export class StaffSessions {
  private active: Active | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly idleMs: number;
  private readonly now: () => number;

  constructor(private readonly options: StaffSessionsOptions) {
    this.idleMs = options.idleMs ?? IDLE_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
  }

  start(staff: StaffEntry, method: 'pin' | 'card'): StaffSession {
    if (this.active) this.end('replaced');
    const now = this.now();
    this.active = { token: randomBytes(32).toString('base64url'), staff, method, startedAt: now, lastActivity: now };
    this.schedule();
    return this.describe(this.active);
  }

  /** The session for this token, or null (unknown, signed out, or timed out — which ends it). */
  find(token: string): Active | null {
    this.sweep();
    const active = this.active;
    if (!active) return null;
    const a = Buffer.from(active.token);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b) ? active : null;
  }

  /** Checks the token and the role, and counts the call as activity. Throws for the page to show. */
  require(token: string, roles: readonly StaffRole[]): Active {
    const active = this.find(token);
    if (!active) throw new SessionError('the staff session has ended (signed out or inactive). Sign in again.');
    if (roles.length > 0 && !roles.some((r) => active.staff.roles.includes(r))) {
      throw new RoleError(`this needs the ${roles.join(' or ')} role; ${active.staff.staffId} has ${active.staff.roles.join(', ') || 'no role'}.`);
    }
    active.lastActivity = this.now();
    this.schedule();
    return active;
  }

  touch(token: string): StaffSession {
    return this.describe(this.require(token, []));
  }

  describe(active: Active): StaffSession {
    return {
      token: active.token,
      staffId: active.staff.staffId,
      name: active.staff.name,
      roles: active.staff.roles,
      method: active.method,
      startedAt: new Date(active.startedAt).toISOString(),
      expiresAt: new Date(active.lastActivity + this.idleMs).toISOString(),
      idleTimeoutSeconds: Math.round(this.idleMs / 1000),
    };
  }

  end(reason: SessionEndReason): void {
    const active = this.active;
    if (!active) return;
    this.active = null;
    if (this.timer) clearTimeout(this.timer);
    this.options.onEnded(reason, active.staff.staffId);
  }

  /** Ends the session if it has been idle too long (also run by a timer). */
  sweep(): void {
    if (this.active && this.now() - this.active.lastActivity >= this.idleMs) this.end('timeout');
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    if (!this.active) return;
    const due = Math.max(0, this.active.lastActivity + this.idleMs - this.now());
    this.timer = setTimeout(() => {
      this.sweep();
      if (this.active) this.schedule();
    }, due + 50);
    this.timer.unref?.();
  }
}
