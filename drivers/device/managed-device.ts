/**
 * The one lifecycle every device follows, with automatic reconnection.
 *
 *   opening ──► ready ⇄ busy ──► closed
 *      │          │
 *      ▼          ▼
 *   fault (port-unavailable)   offline (device-missing) ──► retry every retryIntervalMs ──► ready
 *
 * Before the first open attempt has ended the status is `offline` with NO fault ("starting"): no
 * one is asked to act for a device that simply has not been opened yet. `busy` covers jobs run
 * through run() and work the driver starts itself (DeviceContext.busy(), e.g. reading a card).
 *
 * A ManagedDevice owns a transport factory and a driver `attach` function. It opens the transport,
 * attaches the driver (which returns a DriverSession: a health check plus dispose), polls the
 * health check while idle, marks the device busy around jobs, and when the transport closes under
 * it (cable pulled, adapter reset, printer switched off) it reports `offline` with the technician
 * fault `device-missing` and keeps trying to reopen, so a device that comes back is in use again
 * within about retryIntervalMs + open time, without restarting the app.
 *
 * Pure: no Node modules; timers are the global setTimeout/clearTimeout (fake-timer friendly).
 */
import type { ByteTransport, TransportCloseReason, Unsubscribe } from '../transport/byte-transport';
import type { DeviceFault, DeviceRole, DeviceState, DeviceStatus, DeviceWarning, FaultCode } from '../../common/devices/status';
import { faultOf, sameCondition } from '../../common/devices/status';

/** What a health check (or a driver pushing an event) says about the device. */
export interface DeviceHealth {
  /** A fault code (or full fault) when the device cannot serve; absent when it can. */
  fault?: FaultCode | DeviceFault;
  /** Optional detail for the technician's log when `fault` is a bare code. Never personal data. */
  detail?: string;
  warnings?: DeviceWarning[];
}

/** A driver bound to one open transport. */
export interface DriverSession {
  /** Asks the device how it is. Rejecting means the device did not answer (→ `not-responding`). */
  health?(): Promise<DeviceHealth>;
  /** Releases the driver (stops pollers, unsubscribes). The transport is closed by the ManagedDevice. */
  dispose(): void | Promise<void>;
}

/** Given to the driver when it is attached, so it can push conditions it notices by itself. */
export interface DeviceContext {
  /** Reports a condition seen outside a health check (e.g. a card poller sees the SAM fail). */
  report(health: DeviceHealth): void;
  /**
   * Marks the device `busy` for work the driver started by itself (a card poller reading a card
   * that was just presented) until the returned function is called; calling it again does nothing.
   * Idle health polls are skipped meanwhile, as during a job.
   */
  busy(): () => void;
}

export interface ManagedDeviceOptions<S extends DriverSession = DriverSession> {
  role: DeviceRole;
  model: string;
  /** Where the device is attached, as shown in DeviceStatus.connection. */
  connectionLabel: string;
  simulated: boolean;
  /** Opens (and returns an open) transport; rejects when the port cannot be opened. */
  openTransport: () => Promise<ByteTransport>;
  attach: (transport: ByteTransport, context: DeviceContext) => S | Promise<S>;
  /** How often to try reopening a missing device. Default 500 ms. */
  retryIntervalMs?: number;
  /** How often to run the session's health check while idle; 0 disables polling. Default 2000 ms. */
  healthIntervalMs?: number;
  /** Clock for `since`; defaults to the system clock. */
  now?: () => Date;
}

/** Thrown by `run` when the device cannot take a job now. */
export class DeviceUnavailableError extends Error {
  constructor(readonly status: DeviceStatus) {
    super(`${status.role} is ${status.state}${status.fault ? ` (${status.fault.code})` : ''}`);
    this.name = 'DeviceUnavailableError';
  }
}

type Phase = 'idle' | 'opening' | 'open' | 'waiting' | 'closed';

export class ManagedDevice<S extends DriverSession = DriverSession> {
  private readonly listeners = new Set<(status: DeviceStatus) => void>();
  private current: DeviceStatus;
  private phase: Phase = 'idle';
  private transport: ByteTransport | undefined;
  private activeSession: S | undefined;
  private unsubscribeClose: Unsubscribe | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private healthTimer: ReturnType<typeof setTimeout> | undefined;
  private everOpened = false;
  private busyCount = 0;
  private lastHealth: DeviceHealth = {};
  private jobChain: Promise<unknown> = Promise.resolve();
  private readonly retryIntervalMs: number;
  private readonly healthIntervalMs: number;
  private readonly now: () => Date;
  private generation = 0;
  private firstAttempt: Promise<void> | undefined;

  constructor(private readonly options: ManagedDeviceOptions<S>) {
    this.retryIntervalMs = options.retryIntervalMs ?? 500;
    this.healthIntervalMs = options.healthIntervalMs ?? 2000;
    this.now = options.now ?? (() => new Date());
    // Not opened yet: offline, but with no fault. Nobody has to act until an open attempt has failed
    // (a UI must not flash "technician needed" during the first few milliseconds of every start).
    this.current = this.make('offline', undefined, []);
  }

  get role(): DeviceRole {
    return this.options.role;
  }

  /** The driver session while the device is open; undefined while offline. */
  get session(): S | undefined {
    return this.activeSession;
  }

  status(): DeviceStatus {
    return this.current;
  }

  /** Called on every change of condition (not on repeats of the same condition). */
  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the lifecycle. Resolves after the first open attempt (successful or not). */
  start(): Promise<void> {
    if (this.phase === 'idle') this.firstAttempt = this.attempt();
    return this.firstAttempt ?? Promise.resolve();
  }

  /**
   * Runs one job on the device, one at a time: the device is `busy` meanwhile, and its health is
   * checked again afterwards. Rejects with DeviceUnavailableError when the device is not usable.
   */
  run<T>(job: (session: S) => Promise<T>): Promise<T> {
    const result = this.jobChain.then(async () => {
      const session = this.activeSession;
      if (!session || this.phase !== 'open') throw new DeviceUnavailableError(this.current);
      this.busyCount += 1;
      this.publish();
      try {
        return await job(session);
      } finally {
        this.busyCount -= 1;
        if (this.activeSession === session) await this.checkHealth();
        this.publish();
      }
    });
    this.jobChain = result.catch(() => undefined);
    return result;
  }

  /** Runs the health check now (e.g. before a print job) and returns the resulting status. */
  async refresh(): Promise<DeviceStatus> {
    await this.checkHealth();
    return this.current;
  }

  /** Stops retrying and polling, disposes the driver and closes the transport. */
  async close(): Promise<void> {
    if (this.isClosed()) return;
    this.phase = 'closed';
    this.clearTimers();
    await this.teardown();
    this.listeners.clear();
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────────

  private async attempt(): Promise<void> {
    if (this.isClosed()) return;
    this.phase = 'opening';
    const generation = ++this.generation;
    let transport: ByteTransport;
    try {
      transport = await this.options.openTransport();
    } catch (error) {
      if (this.isClosed()) return;
      this.lastHealth = {};
      // Never opened since start: the port itself is wrong or missing. Once it has worked, a
      // failure to reopen means the device is (still) gone.
      this.set(this.everOpened ? 'offline' : 'fault', this.everOpened ? faultOf('device-missing', describe(error)) : faultOf('port-unavailable', describe(error)));
      this.scheduleRetry();
      return;
    }
    if (this.isClosed() || generation !== this.generation) {
      await transport.close().catch(() => undefined);
      return;
    }
    this.transport = transport;
    this.unsubscribeClose = transport.onClose((reason) => this.lost(transport, reason));
    const context: DeviceContext = {
      report: (health) => {
        if (this.transport !== transport) return;
        this.lastHealth = health;
        this.publish();
      },
      busy: () => {
        let released = false;
        this.busyCount += 1;
        this.publish();
        return () => {
          if (released) return;
          released = true;
          this.busyCount -= 1;
          this.publish();
        };
      },
    };
    try {
      this.activeSession = await this.options.attach(transport, context);
    } catch (error) {
      this.unsubscribeClose?.();
      this.unsubscribeClose = undefined;
      this.transport = undefined;
      await transport.close().catch(() => undefined);
      if (this.isClosed()) return;
      this.set('fault', faultOf('not-responding', `driver failed to start: ${describe(error)}`));
      this.scheduleRetry();
      return;
    }
    if (this.isClosed() || this.transport !== transport) {
      // Closed (or lost) while attaching.
      if (this.transport === transport) await this.teardown();
      return;
    }
    if (!transport.isOpen) {
      // The transport went away while the driver was attaching.
      this.lost(transport, 'disconnected');
      return;
    }
    this.everOpened = true;
    this.phase = 'open';
    this.lastHealth = {};
    await this.checkHealth();
    this.publish();
    this.scheduleHealth();
  }

  private lost(transport: ByteTransport, reason: TransportCloseReason): void {
    if (this.transport !== transport || this.isClosed()) return;
    if (reason === 'closed-by-us') return;
    void this.teardown();
    this.set('offline', faultOf('device-missing', reason === 'error' ? 'transport error' : 'disconnected'));
    this.scheduleRetry();
  }

  private async teardown(): Promise<void> {
    const session = this.activeSession;
    const transport = this.transport;
    this.activeSession = undefined;
    this.transport = undefined;
    this.unsubscribeClose?.();
    this.unsubscribeClose = undefined;
    if (this.healthTimer !== undefined) clearTimeout(this.healthTimer);
    this.healthTimer = undefined;
    this.lastHealth = {};
    try {
      await session?.dispose();
    } catch {
      // A driver that fails to dispose must not stop reconnection.
    }
    if (transport?.isOpen) await transport.close().catch(() => undefined);
  }

  private scheduleRetry(): void {
    if (this.isClosed()) return;
    this.phase = 'waiting';
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.attempt();
    }, this.retryIntervalMs);
  }

  private scheduleHealth(): void {
    if (this.healthIntervalMs <= 0 || this.phase !== 'open' || !this.activeSession?.health) return;
    if (this.healthTimer !== undefined) clearTimeout(this.healthTimer);
    this.healthTimer = setTimeout(() => {
      this.healthTimer = undefined;
      // Jobs check health themselves; do not interleave a status query with a job's bytes.
      const poll = this.busyCount > 0 ? Promise.resolve() : this.serialised(() => this.checkHealth());
      void poll.finally(() => this.scheduleHealth());
    }, this.healthIntervalMs);
  }

  /** Runs `work` in the job queue so health checks never interleave with a job on the wire. */
  private serialised(work: () => Promise<void>): Promise<void> {
    const result = this.jobChain.then(work);
    this.jobChain = result.catch(() => undefined);
    return result.catch(() => undefined);
  }

  private async checkHealth(): Promise<void> {
    const session = this.activeSession;
    if (!session?.health) {
      this.publish();
      return;
    }
    let health: DeviceHealth;
    try {
      health = await session.health();
    } catch (error) {
      health = { fault: faultOf('not-responding', describe(error)) };
    }
    if (this.activeSession !== session) return;
    this.lastHealth = health;
    this.publish();
  }

  /** Derives the status from the open session's last health and the busy count. */
  private publish(): void {
    if (this.isClosed() || !this.activeSession) return;
    const health = this.lastHealth;
    const warnings = [...(health.warnings ?? [])];
    if (health.fault !== undefined) {
      const fault = typeof health.fault === 'string' ? faultOf(health.fault, health.detail) : health.fault;
      this.set('fault', fault, warnings);
    } else {
      this.set(this.busyCount > 0 ? 'busy' : 'ready', undefined, warnings);
    }
  }

  private set(state: DeviceState, fault?: DeviceFault, warnings: DeviceWarning[] = []): void {
    const next = this.make(state, fault, warnings);
    if (sameCondition(next, this.current)) {
      // Same condition, perhaps with a new detail: keep `since` and do not notify.
      if (next.fault?.detail !== this.current.fault?.detail) this.current = { ...next, since: this.current.since };
      return;
    }
    this.current = next;
    for (const listener of [...this.listeners]) listener(this.current);
  }

  private make(state: DeviceState, fault: DeviceFault | undefined, warnings: DeviceWarning[]): DeviceStatus {
    const status: DeviceStatus = {
      role: this.options.role,
      state,
      warnings,
      model: this.options.model,
      connection: this.options.connectionLabel,
      simulated: this.options.simulated,
      since: this.now().toISOString(),
    };
    if (fault) status.fault = fault;
    return status;
  }

  private isClosed(): boolean {
    return this.phase === 'closed';
  }

  private clearTimers(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    if (this.healthTimer !== undefined) clearTimeout(this.healthTimer);
    this.retryTimer = undefined;
    this.healthTimer = undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A fixed status for roles the host does not drive itself (`wedge`, `camera`, `none`). */
export function staticStatus(options: { role: DeviceRole; model: string; connection: string; simulated?: boolean; state: DeviceState; fault?: FaultCode; detail?: string; now?: Date }): DeviceStatus {
  const status: DeviceStatus = {
    role: options.role,
    state: options.state,
    warnings: [],
    model: options.model,
    connection: options.connection,
    simulated: options.simulated ?? false,
    since: (options.now ?? new Date()).toISOString(),
  };
  if (options.fault) status.fault = faultOf(options.fault, options.detail);
  return status;
}
