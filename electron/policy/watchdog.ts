/**
 * Supervision decisions for the two processes the shell keeps alive: the page's renderer and the
 * device-host utilityProcess. Both use the shared RestartPolicy (exponential backoff, forgiven after
 * a stable run, escalation after too many failures in a window). Escalation means relaunching the
 * whole app, at most a few times an hour (the history travels in argv across relaunches); past that
 * the shell stays up in a technician-visible fault state and retries slowly instead of looping.
 * Pure apart from an injectable timer for the renderer's unresponsive grace period.
 */
import type { RenderProcessGoneDetails } from 'electron';
import { faultOf } from '../../common/devices/status';
import type { DeviceFault } from '../../common/devices/status';
import { RestartPolicy } from '../../common/supervision/restart-policy';
import type { RestartPolicyOptions } from '../../common/supervision/restart-policy';

export type RenderGoneReason = RenderProcessGoneDetails['reason'];

export const RENDER_GONE_REASONS: readonly RenderGoneReason[] = [
  'clean-exit',
  'abnormal-exit',
  'killed',
  'crashed',
  'oom',
  'launch-failed',
  'integrity-failure',
  'memory-eviction',
];

/** How long a renderer may stay unresponsive (without a `responsive` event) before it is killed. */
export const UNRESPONSIVE_GRACE_MS = 10_000;
/** After escalation with no relaunch left: keep retrying, but this slowly. */
export const SLOW_RETRY_MS = 5 * 60_000;

export const RENDERER_RESTART_POLICY: RestartPolicyOptions = {
  initialDelayMs: 500,
  maxDelayMs: 15_000,
  stableAfterMs: 2 * 60_000,
  maxFailuresInWindow: 5,
  windowMs: 10 * 60_000,
};

export const HOST_RESTART_POLICY: RestartPolicyOptions = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
  maxFailuresInWindow: 6,
  windowMs: 5 * 60_000,
};

//#region relaunch budget

export const RELAUNCH_HISTORY_FLAG = '--kiosk-relaunch-history=';

export interface RelaunchBudget {
  max: number;
  windowMs: number;
}

export const DEFAULT_RELAUNCH_BUDGET: RelaunchBudget = { max: 3, windowMs: 60 * 60_000 };

/** The times (ms since epoch) of earlier relaunches, carried in our own argv flag. */
export function readRelaunchHistory(argv: readonly string[]): number[] {
  const flag = argv.find((arg) => arg.startsWith(RELAUNCH_HISTORY_FLAG));
  if (flag === undefined) return [];
  return flag
    .slice(RELAUNCH_HISTORY_FLAG.length)
    .split(',')
    .filter((part) => /^\d{1,16}$/.test(part))
    .map(Number)
    .slice(-16);
}

export function relaunchAllowed(history: readonly number[], now: number, budget: RelaunchBudget = DEFAULT_RELAUNCH_BUDGET): boolean {
  return history.filter((t) => now - t < budget.windowMs && t <= now).length < budget.max;
}

/** The argv (without the executable) for app.relaunch: ours, with the history flag brought up to date. */
export function relaunchArgs(argv: readonly string[], history: readonly number[], now: number, budget: RelaunchBudget = DEFAULT_RELAUNCH_BUDGET): string[] {
  const recent = [...history.filter((t) => now - t < budget.windowMs && t <= now), now];
  return [...argv.filter((arg) => !arg.startsWith(RELAUNCH_HISTORY_FLAG)), `${RELAUNCH_HISTORY_FLAG}${recent.join(',')}`];
}

//#endregion

//#region renderer

export type RendererAction =
  | { action: 'reload'; delayMs: number; cause: string; degraded: boolean }
  /** Kill a hung renderer; its render-process-gone then drives the reload. */
  | { action: 'crash-renderer'; cause: 'unresponsive' }
  | { action: 'relaunch'; cause: string; failures: number };

export interface WatchdogTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: WatchdogTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface RendererWatchdogOptions {
  act: (action: RendererAction) => void;
  /** Whether the app may still relaunch itself (see relaunchAllowed). */
  canRelaunch: () => boolean;
  policy?: RestartPolicy;
  now?: () => number;
  unresponsiveGraceMs?: number;
  slowRetryMs?: number;
  timers?: WatchdogTimers;
}

export class RendererWatchdog {
  private readonly policy: RestartPolicy;
  private readonly timers: WatchdogTimers;
  private hangTimer: unknown;

  constructor(private readonly options: RendererWatchdogOptions) {
    this.policy = options.policy ?? new RestartPolicy(RENDERER_RESTART_POLICY, options.now ?? Date.now);
    this.timers = options.timers ?? realTimers;
  }

  /** did-finish-load: the page is up again. */
  loaded(): void {
    this.policy.started();
  }

  /** render-process-gone. Every reason is a failure for a kiosk: nothing else should end the page. */
  gone(reason: RenderGoneReason | string): void {
    this.cancelHangTimer();
    this.decide(`render-process-gone:${reason}`);
  }

  /** unresponsive: give the page a grace period to recover before killing it. */
  unresponsive(): void {
    if (this.hangTimer !== undefined) return;
    this.hangTimer = this.timers.setTimeout(() => {
      this.hangTimer = undefined;
      this.options.act({ action: 'crash-renderer', cause: 'unresponsive' });
    }, this.options.unresponsiveGraceMs ?? UNRESPONSIVE_GRACE_MS);
  }

  responsive(): void {
    this.cancelHangTimer();
  }

  dispose(): void {
    this.cancelHangTimer();
  }

  private cancelHangTimer(): void {
    if (this.hangTimer === undefined) return;
    this.timers.clearTimeout(this.hangTimer);
    this.hangTimer = undefined;
  }

  private decide(cause: string): void {
    const decision = this.policy.failed();
    if (decision.action === 'restart') {
      this.options.act({ action: 'reload', delayMs: decision.delayMs, cause, degraded: false });
      return;
    }
    if (this.options.canRelaunch()) {
      this.options.act({ action: 'relaunch', cause, failures: decision.failures });
      return;
    }
    this.policy.reset();
    this.options.act({ action: 'reload', delayMs: this.options.slowRetryMs ?? SLOW_RETRY_MS, cause, degraded: true });
  }
}

//#endregion

//#region device host

export type HostDecision =
  | { action: 'none' }
  | { action: 'restart'; delayMs: number; attempt: number }
  /** Restarting is not helping: show the fault to a technician, then relaunch the app or retry slowly. */
  | { action: 'fault'; failures: number; relaunch: boolean; retryMs: number; fault: DeviceFault };

export type HostState = 'starting' | 'running' | 'restarting' | 'fault' | 'stopped';

export interface HostSupervisorOptions {
  canRelaunch: () => boolean;
  policy?: RestartPolicy;
  now?: () => number;
  slowRetryMs?: number;
}

export class HostSupervisor {
  private readonly policy: RestartPolicy;
  private stopping = false;
  private currentState: HostState = 'starting';

  constructor(private readonly options: HostSupervisorOptions) {
    this.policy = options.policy ?? new RestartPolicy(HOST_RESTART_POLICY, options.now ?? Date.now);
  }

  get state(): HostState {
    return this.currentState;
  }

  /** The utilityProcess emitted `spawn`. */
  started(): void {
    if (this.stopping) return;
    this.currentState = 'running';
    this.policy.started();
  }

  /** The app is quitting: exits from now on are expected. */
  stop(): void {
    this.stopping = true;
    this.currentState = 'stopped';
  }

  /** The utilityProcess emitted `exit` (whatever the code: the host is never meant to end on its own). */
  exited(_code: number): HostDecision {
    if (this.stopping) return { action: 'none' };
    const decision = this.policy.failed();
    if (decision.action === 'restart') {
      this.currentState = 'restarting';
      return decision;
    }
    this.currentState = 'fault';
    this.policy.reset();
    return {
      action: 'fault',
      failures: decision.failures,
      relaunch: this.options.canRelaunch(),
      retryMs: this.options.slowRetryMs ?? SLOW_RETRY_MS,
      fault: faultOf('not-responding', `device host exited ${decision.failures} times in a short window`),
    };
  }
}

//#endregion

//#region technician-visible status

/** What the shell writes to `<dataDir>/shell-status.json` for the technician tools. No personal data. */
export interface ShellStatus {
  updatedAt: string;
  host: { state: HostState; fault?: DeviceFault; failures?: number };
  renderer: { degraded: boolean; lastCause?: string };
}

export function shellStatus(now: Date, host: ShellStatus['host'], renderer: ShellStatus['renderer']): ShellStatus {
  return { updatedAt: now.toISOString(), host, renderer };
}

//#endregion
