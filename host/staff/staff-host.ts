/**
 * The staff modes on the host: sign-in (PIN or staff card), the lockout, sessions, the audit log
 * and its delivery, provisioning, and the hall manager's state. One instance per device host.
 *
 * Every action a staff member takes, and every refused attempt, is written to the audit log before
 * the answer goes back. Nothing here logs or audits a PIN, a card's identity number or any data of a
 * citizen: a wrong PIN is audited as "wrong-pin" for the staff id chosen on screen, an unknown card as
 * "unknown-card" with no number at all. Both count towards the lockout.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { StaffLockout, StaffSession, StaffRole } from '../../common/ipc/methods/staff';
import type { ProvisioningRefusal } from '../../common/provisioning/payload';
import { HeldJobs } from '../../drivers/printer';
import type { DeviceListing } from '../../drivers/node/cli/list';
import type { HostContext } from '../host-context';
import { PlatformUnreachableError } from '../platform/platform-client';
import { AuditLog, type AuditOutcome } from './audit-log';
import { AuditSender } from './audit-sender';
import { cardGateOf, type CardGate } from './card-gate';
import { updateConfigFile } from './config-file';
import { staffByCard, staffListOf, verifyPin, type StaffEntry } from './credentials';
import { Lockout, MAX_FAILURES } from './lockout';
import { PausedCategories } from './paused-categories';
import { checkPayload, TRUSTED_PROVISIONING_KEYS } from './provisioning';
import { StaffSessions } from './sessions';

export interface StaffHostOptions {
  /** Wall clock (ms); tests pass a fake one. */
  now?: () => number;
  idleMs?: number;
  /** Trusted provisioning public keys (PEM); default: those shipped with the app. */
  provisioningKeys?: readonly string[];
  /** Where removable media are mounted (default /media, /run/media, /mnt). */
  exportRoots?: string[];
  /** Restarts the host process so saved device assignments apply (default: SIGTERM to itself; the shells restart it). */
  restartProcess?: () => void;
  /** The attached-device listing (default: the kiosk-devices CLI's). */
  listDevices?: () => Promise<DeviceListing>;
  /** The environment the host runs with (device assignments refuse roles an environment variable overrides). */
  env?: NodeJS.ProcessEnv;
  /** Delivery retry timer, for tests. */
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

export type SignInResult =
  | { ok: true; session: StaffSession }
  | { ok: false; reason: 'wrong-credential' | 'unknown-card' | 'locked' | 'no-staff-list' | 'timeout' | 'cancelled' | 'no-reader' | 'busy'; message: string; lockout: StaffLockout };

export type ProvisioningResult =
  | { ok: true; terminalId: string; hallId: string; hallName: string; platform: string }
  | { ok: false; reason: ProvisioningRefusal | 'wrong-platform' | 'enrollment-refused' | 'unreachable'; message: string };

export interface RecentFault {
  at: string;
  role: string;
  code: string;
  actor: string;
}

export class StaffHost {
  readonly dir: string;
  readonly lockout: Lockout;
  readonly sessions: StaffSessions;
  readonly audit: AuditLog;
  readonly sender: AuditSender;
  readonly gate: CardGate;
  readonly paused: PausedCategories;
  readonly heldTickets: HeldJobs;
  readonly startedAt: number;
  private readonly faults: RecentFault[] = [];
  private pinQueue: Promise<unknown> = Promise.resolve();
  private platformKey: string;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    readonly ctx: HostContext,
    readonly options: StaffHostOptions = {},
  ) {
    this.dir = join(ctx.config.dataDir, 'host', 'staff');
    mkdirSync(this.dir, { recursive: true });
    this.startedAt = this.now();
    this.lockout = new Lockout(join(this.dir, 'lockout.json'), () => this.now());
    this.audit = new AuditLog(join(this.dir, 'audit.jsonl'), { now: () => this.now() });
    this.sessions = new StaffSessions({
      ...(options.idleMs !== undefined ? { idleMs: options.idleMs } : {}),
      now: () => this.now(),
      onEnded: (reason, staffId) => {
        if (reason !== 'signed-out') this.record(staffId, 'staff-sign-out', 'ok', { reason });
        this.emit('staff.sessionEnded', { reason, staffId });
      },
    });
    this.sender = new AuditSender({
      log: this.audit,
      journalPath: join(this.dir, 'audit-delivered.jsonl'),
      platform: ctx.platform,
      terminal: ctx.terminal,
      logger: ctx.log,
      now: () => this.now(),
      ...(options.setTimer ? { setTimer: options.setTimer } : {}),
    });
    this.gate = cardGateOf(ctx);
    this.paused = new PausedCategories(join(this.dir, 'paused-categories.json'), () => this.now());
    this.heldTickets = new HeldJobs({ print: (bytes) => ctx.devices.print('ticket-printer', bytes) }, { now: () => this.now() });
    this.platformKey = ctx.config.platform.mode === 'remote' ? ctx.config.platform.url : 'embedded';
    this.unsubscribe.push(
      ctx.devices.onStatus((status) => {
        if (!status.fault) return;
        this.faults.push({ at: new Date(this.now()).toISOString(), role: status.role, code: status.fault.code, actor: status.fault.actor });
        if (this.faults.length > 50) this.faults.splice(0, this.faults.length - 50);
      }),
    );
  }

  now(): number {
    return (this.options.now ?? Date.now)();
  }

  recentFaults(): readonly RecentFault[] {
    return this.faults;
  }

  /** Starts delivering audit entries (what is left from before a restart, then each new one). */
  start(): void {
    this.sender.kick();
  }

  stop(): void {
    this.sender.stop();
    this.sessions.stop();
    this.gate.cancel();
    for (const off of this.unsubscribe) off();
  }

  /** Writes one audit entry (fsync'd). `detail` must never hold a PIN, a card number or a citizen's data. */
  record(staffId: string, action: string, outcome: AuditOutcome, detail?: Record<string, unknown>): void {
    this.audit.append({ staffId, action, outcome, ...(detail ? { detail } : {}) });
  }

  staff(): StaffEntry[] {
    return staffListOf(this.ctx.terminal.current.config);
  }

  hallId(): string | null {
    return this.ctx.terminal.current.enrollment?.hallId ?? this.ctx.terminal.current.config?.hallId ?? null;
  }

  /** Checks the session and role; a refusal for a live session is audited. */
  require(token: string, roles: readonly StaffRole[], action: string): StaffEntry {
    const active = this.sessions.find(token);
    if (active && roles.length > 0 && !roles.some((r) => active.staff.roles.includes(r))) {
      this.record(active.staff.staffId, action, 'refused', { reason: 'role', needs: [...roles] });
    }
    return this.sessions.require(token, roles).staff;
  }

  // ── sign-in ─────────────────────────────────────────────────────────────────────────────────

  async signInWithPin(staffId: string, pin: string): Promise<SignInResult> {
    // One PIN check at a time, so parallel attempts cannot slip past the count.
    const run = this.pinQueue.then(() => this.checkPin(staffId, pin));
    this.pinQueue = run.catch(() => undefined);
    return run;
  }

  private async checkPin(staffId: string, pin: string): Promise<SignInResult> {
    const locked = this.refuseIfLocked('pin', staffId);
    if (locked) return locked;
    const staff = this.staff();
    if (staff.length === 0) return this.refusal('no-staff-list', 'No staff list has been received from the platform yet; staff sign-in is not possible until the terminal is provisioned.');
    const member = staff.find((s) => s.staffId === staffId);
    const ok = await verifyPin(pin, member?.pinHash);
    if (!ok || !member) return this.wrongCredential(staffId, 'pin');
    return this.signedIn(member, 'pin');
  }

  /**
   * A wrong PIN or a card that is not a staff card of this hall: both count towards the one lockout
   * of staff entry (someone trying cards gets no more tries than someone trying PINs). Audited
   * without the PIN or the card's number.
   */
  private wrongCredential(staffId: string, method: 'pin' | 'card'): SignInResult {
    const lockedNow = this.lockout.fail();
    this.record(staffId, 'staff-sign-in', 'refused', { method, reason: method === 'pin' ? 'wrong-pin' : 'unknown-card', failures: lockedNow ? MAX_FAILURES : this.lockout.snapshot().failures });
    if (lockedNow) this.reportLockout(staffId);
    const snapshot = this.lockout.snapshot();
    if (lockedNow) return { ok: false, reason: 'locked', message: `Too many wrong staff credentials: staff sign-in is locked until ${snapshot.lockedUntil}.`, lockout: snapshot };
    return {
      ok: false,
      reason: method === 'pin' ? 'wrong-credential' : 'unknown-card',
      message: `${method === 'pin' ? 'Wrong staff id or PIN.' : 'This card is not a staff card of this hall.'} ${snapshot.attemptsLeft} attempt(s) left before staff sign-in locks.`,
      lockout: snapshot,
    };
  }

  async signInWithCard(timeoutMs: number): Promise<SignInResult> {
    const locked = this.refuseIfLocked('card', '-');
    if (locked) return locked;
    if (this.ctx.config.devices['idcard-reader'].kind === 'none') return this.refusal('no-reader', 'No ID card reader is configured on this terminal. Sign in with your PIN.');
    if (this.staff().length === 0) return this.refusal('no-staff-list', 'No staff list has been received from the platform yet.');
    const wait = await this.gate.arm('staff-sign-in', timeoutMs);
    if (wait.kind === 'busy') return this.refusal('busy', 'The card reader is already waiting for a staff card.');
    if (wait.kind === 'timeout') return this.refusal('timeout', 'No card was presented in time.');
    if (wait.kind === 'cancelled') return this.refusal('cancelled', 'Card sign-in was cancelled.');
    const hallId = this.hallId();
    const member = hallId ? staffByCard(this.staff(), hallId, wait.read.card.idNumber) : undefined;
    if (!member) return this.wrongCredential('-', 'card');
    // A card sign-in is refused if the lockout started while waiting.
    const lockedNow = this.refuseIfLocked('card', member.staffId);
    if (lockedNow) return lockedNow;
    return this.signedIn(member, 'card');
  }

  private signedIn(member: StaffEntry, method: 'pin' | 'card'): SignInResult {
    this.lockout.succeed();
    const session = this.sessions.start(member, method);
    this.record(member.staffId, 'staff-sign-in', 'ok', { method, roles: member.roles });
    this.ctx.log.info('staff signed in', { staffId: member.staffId, method });
    return { ok: true, session };
  }

  signOut(token: string): void {
    const active = this.sessions.find(token);
    if (!active) return;
    this.record(active.staff.staffId, 'staff-sign-out', 'ok', { reason: 'signed-out' });
    this.sessions.end('signed-out');
  }

  private refuseIfLocked(method: 'pin' | 'card', staffId: string): SignInResult | null {
    if (this.lockout.lockedUntil() === null) return null;
    this.record(staffId, 'staff-sign-in', 'refused', { method, reason: 'locked' });
    return this.refusal('locked', `Staff sign-in is locked until ${this.lockout.snapshot().lockedUntil} after repeated wrong credentials.`);
  }

  private refusal(reason: Exclude<SignInResult, { ok: true }>['reason'], message: string): SignInResult {
    return { ok: false, reason, message, lockout: this.lockout.snapshot() };
  }

  private reportLockout(staffId: string): void {
    const snapshot = this.lockout.snapshot();
    const minutes = Lockout.durationMs(snapshot.level - 1) / 60_000;
    this.record(staffId, 'staff-lockout', 'refused', { level: snapshot.level, minutes, lockedUntil: snapshot.lockedUntil });
    this.ctx.log.warn('staff sign-in locked after repeated wrong credentials', { level: snapshot.level, minutes, lockedUntil: snapshot.lockedUntil });
    this.emit('staff.lockout', snapshot);
  }

  // ── provisioning ────────────────────────────────────────────────────────────────────────────

  inspectProvisioning(payload: string): { ok: true; platform: string; hallId: string; expiresAt: string } | { ok: false; reason: ProvisioningRefusal; message: string } {
    const check = checkPayload(payload, new Date(this.now()), this.options.provisioningKeys ?? TRUSTED_PROVISIONING_KEYS);
    if (!check.ok) return check;
    return { ok: true, platform: check.body.url, hallId: check.body.hall, expiresAt: check.expiresAt.toISOString() };
  }

  /**
   * Enrolls the terminal from a signed payload. Without an enrollment anyone at the screen may do it
   * (the signature is the authority: first-run setup); once enrolled, only a signed-in technician
   * (re-enrollment after a 401, or moving the terminal).
   */
  async applyProvisioning(payload: string, sessionToken: string | undefined): Promise<ProvisioningResult> {
    let staffId = 'setup';
    if (this.ctx.terminal.current.enrollment) {
      staffId = this.require(sessionToken ?? '', ['technician'], 'terminal-provision').staffId;
    }
    const check = checkPayload(payload, new Date(this.now()), this.options.provisioningKeys ?? TRUSTED_PROVISIONING_KEYS);
    if (!check.ok) {
      this.record(staffId, 'terminal-provision', 'refused', { reason: check.reason });
      this.ctx.log.warn('provisioning payload refused', { reason: check.reason });
      return check;
    }
    const body = check.body;
    const embedded = this.ctx.config.platform.mode === 'embedded';
    if (body.url === 'embedded' && !embedded) {
      this.record(staffId, 'terminal-provision', 'refused', { reason: 'wrong-platform', kid: body.kid });
      return { ok: false, reason: 'wrong-platform', message: 'This code is for the embedded demo platform, but this terminal is configured for a remote platform.' };
    }
    const previous = { url: this.ctx.platform.baseUrl, key: this.platformKey };
    const switching = body.url !== 'embedded' && body.url.replace(/\/+$/, '') !== previous.url;
    if (switching) {
      this.ctx.platform.setBaseUrl(body.url);
      this.ctx.terminal.retarget(body.url);
      this.platformKey = body.url;
    }
    const platformLabel = body.url === 'embedded' ? 'embedded' : hostOf(body.url);
    try {
      await this.ctx.terminal.enroll(body.code);
    } catch (error) {
      if (switching) {
        this.ctx.platform.setBaseUrl(previous.url);
        this.ctx.terminal.retarget(previous.key);
        this.platformKey = previous.key;
      }
      const unreachable = error instanceof PlatformUnreachableError;
      this.record(staffId, 'terminal-provision', 'failed', { reason: unreachable ? 'unreachable' : 'enrollment-refused', platform: platformLabel, kid: body.kid });
      return unreachable
        ? { ok: false, reason: 'unreachable', message: `The platform (${platformLabel}) did not answer. Check the network and try again; the code stays valid until ${body.exp}.` }
        : { ok: false, reason: 'enrollment-refused', message: `The platform refused the enrollment code (${(error as Error).message}). Ask for a new code.` };
    }
    if (switching) {
      const saved = updateConfigFile(this.ctx.config.dataDir, (file) => {
        file.platform = { url: body.url };
      });
      if (!saved.ok) this.ctx.log.warn('could not save the platform address to config.json', { problems: saved.problems.length });
    }
    const enrollment = this.ctx.terminal.current.enrollment!;
    if (enrollment.hallId !== body.hall) this.ctx.log.warn('the platform enrolled the terminal into another hall than the provisioning code names', { expected: body.hall, got: enrollment.hallId });
    this.record(staffId, 'terminal-provision', 'ok', { platform: platformLabel, hallId: enrollment.hallId, terminalId: enrollment.terminalId, kid: body.kid, hallMatches: enrollment.hallId === body.hall });
    try {
      await this.ctx.terminal.refreshConfig();
    } catch (error) {
      this.ctx.log.warn('configuration fetch after enrollment failed', { reason: (error as Error).message });
    }
    this.sender.kick();
    return { ok: true, terminalId: enrollment.terminalId, hallId: enrollment.hallId, hallName: enrollment.hallName, platform: platformLabel };
  }

  // ── events ──────────────────────────────────────────────────────────────────────────────────

  emit(name: 'staff.lockout', payload: StaffLockout): void;
  emit(name: 'staff.sessionEnded', payload: { reason: 'signed-out' | 'timeout' | 'replaced'; staffId: string }): void;
  emit(name: 'queue.pausedChanged', payload: { paused: ReturnType<PausedCategories['list']> }): void;
  emit(name: 'staff.lockout' | 'staff.sessionEnded' | 'queue.pausedChanged', payload: unknown): void {
    try {
      (this.ctx.server().emit as (n: string, p: unknown) => void)(name, payload);
    } catch {
      // No server yet (during construction) or in a test without one.
    }
  }
}

function hostOf(url: string): string {
  const match = /^https?:\/\/([^/]+)/.exec(url);
  return match?.[1] ?? url;
}
