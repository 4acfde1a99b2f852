import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RestartPolicy } from '../../../common/supervision/restart-policy';
import {
  HOST_RESTART_POLICY,
  HostSupervisor,
  readRelaunchHistory,
  RELAUNCH_HISTORY_FLAG,
  relaunchAllowed,
  relaunchArgs,
  RENDER_GONE_REASONS,
  RendererWatchdog,
  shellStatus,
  SLOW_RETRY_MS,
  UNRESPONSIVE_GRACE_MS,
} from '../../../electron/policy/watchdog';
import type { RendererAction } from '../../../electron/policy/watchdog';

/** A fake clock the RestartPolicy reads. */
function clock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('renderer watchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it.each(RENDER_GONE_REASONS)('reloads after render-process-gone (%s)', (reason) => {
    const actions: RendererAction[] = [];
    const watchdog = new RendererWatchdog({ act: (a) => actions.push(a), canRelaunch: () => true });
    watchdog.loaded();
    watchdog.gone(reason);
    expect(actions).toEqual([{ action: 'reload', delayMs: 500, cause: `render-process-gone:${reason}`, degraded: false }]);
  });

  it('backs off between reloads and relaunches the app after repeated failures', () => {
    const c = clock();
    const actions: RendererAction[] = [];
    const watchdog = new RendererWatchdog({ act: (a) => actions.push(a), canRelaunch: () => true, now: c.now });
    for (let i = 0; i < 5; i += 1) {
      watchdog.loaded();
      c.advance(1_000);
      watchdog.gone('crashed');
    }
    expect(actions.map((a) => (a.action === 'reload' ? a.delayMs : a.action))).toEqual([500, 1_000, 2_000, 4_000, 'relaunch']);
    expect(actions[4]).toMatchObject({ action: 'relaunch', failures: 5 });
  });

  it('forgives failures after a stable run', () => {
    const c = clock();
    const actions: RendererAction[] = [];
    const watchdog = new RendererWatchdog({ act: (a) => actions.push(a), canRelaunch: () => true, now: c.now });
    watchdog.loaded();
    watchdog.gone('oom');
    watchdog.loaded();
    c.advance(3 * 60_000);
    watchdog.gone('oom');
    expect(actions.map((a) => a.action === 'reload' && a.delayMs)).toEqual([500, 500]);
  });

  it('with no relaunch left, keeps reloading slowly in a degraded state', () => {
    const c = clock();
    const actions: RendererAction[] = [];
    const watchdog = new RendererWatchdog({ act: (a) => actions.push(a), canRelaunch: () => false, now: c.now });
    for (let i = 0; i < 5; i += 1) watchdog.gone('crashed');
    expect(actions.at(-1)).toEqual({ action: 'reload', delayMs: SLOW_RETRY_MS, cause: 'render-process-gone:crashed', degraded: true });
  });

  it('kills a renderer that stays unresponsive for the grace period', () => {
    const actions: RendererAction[] = [];
    const watchdog = new RendererWatchdog({ act: (a) => actions.push(a), canRelaunch: () => true });
    watchdog.unresponsive();
    watchdog.unresponsive();
    vi.advanceTimersByTime(UNRESPONSIVE_GRACE_MS - 1);
    expect(actions).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(actions).toEqual([{ action: 'crash-renderer', cause: 'unresponsive' }]);
  });

  it('does nothing when the renderer becomes responsive again in time', () => {
    const actions: RendererAction[] = [];
    const watchdog = new RendererWatchdog({ act: (a) => actions.push(a), canRelaunch: () => true });
    watchdog.unresponsive();
    vi.advanceTimersByTime(9_000);
    watchdog.responsive();
    vi.advanceTimersByTime(60_000);
    expect(actions).toEqual([]);
  });

  it('cancels the hang timer when the renderer dies anyway', () => {
    const actions: RendererAction[] = [];
    const watchdog = new RendererWatchdog({ act: (a) => actions.push(a), canRelaunch: () => true });
    watchdog.unresponsive();
    watchdog.gone('killed');
    vi.advanceTimersByTime(60_000);
    expect(actions.map((a) => a.action)).toEqual(['reload']);
  });
});

describe('device-host supervisor', () => {
  it('restarts with exponential backoff', () => {
    const c = clock();
    const supervisor = new HostSupervisor({ canRelaunch: () => true, now: c.now });
    expect(supervisor.state).toBe('starting');
    const delays: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      supervisor.started();
      expect(supervisor.state).toBe('running');
      c.advance(100);
      const decision = supervisor.exited(1);
      expect(decision.action).toBe('restart');
      if (decision.action === 'restart') delays.push(decision.delayMs);
      expect(supervisor.state).toBe('restarting');
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000]);
  });

  it('caps the backoff', () => {
    const c = clock();
    const policy = new RestartPolicy({ ...HOST_RESTART_POLICY, maxFailuresInWindow: 100 }, c.now);
    const supervisor = new HostSupervisor({ canRelaunch: () => true, policy });
    let last = 0;
    for (let i = 0; i < 20; i += 1) {
      const decision = supervisor.exited(1);
      if (decision.action === 'restart') last = decision.delayMs;
    }
    expect(last).toBe(HOST_RESTART_POLICY.maxDelayMs);
  });

  it('escalates to a technician fault and a relaunch after repeated failures', () => {
    const c = clock();
    const supervisor = new HostSupervisor({ canRelaunch: () => true, now: c.now });
    const decisions = Array.from({ length: HOST_RESTART_POLICY.maxFailuresInWindow }, () => {
      supervisor.started();
      c.advance(1_000);
      return supervisor.exited(1);
    });
    expect(decisions.at(-1)).toEqual({
      action: 'fault',
      failures: HOST_RESTART_POLICY.maxFailuresInWindow,
      relaunch: true,
      retryMs: SLOW_RETRY_MS,
      fault: { code: 'not-responding', actor: 'technician', detail: expect.any(String) as string },
    });
    expect(supervisor.state).toBe('fault');
  });

  it('stays in the fault state and retries slowly when no relaunch is left', () => {
    const supervisor = new HostSupervisor({ canRelaunch: () => false });
    let decision = supervisor.exited(1);
    for (let i = 1; i < HOST_RESTART_POLICY.maxFailuresInWindow; i += 1) decision = supervisor.exited(1);
    expect(decision).toMatchObject({ action: 'fault', relaunch: false, retryMs: SLOW_RETRY_MS });
    // After the slow retry the count starts over: the next exit is an ordinary restart.
    expect(supervisor.exited(1)).toMatchObject({ action: 'restart', delayMs: 500 });
  });

  it('does not restart a host that exits because the app is quitting', () => {
    const supervisor = new HostSupervisor({ canRelaunch: () => true });
    supervisor.started();
    supervisor.stop();
    expect(supervisor.exited(0)).toEqual({ action: 'none' });
    expect(supervisor.state).toBe('stopped');
  });
});

describe('relaunch budget', () => {
  const now = 1_700_000_000_000;
  it('reads the history from argv, ignoring junk', () => {
    expect(readRelaunchHistory(['.', `${RELAUNCH_HISTORY_FLAG}1,2,x,3`])).toEqual([1, 2, 3]);
    expect(readRelaunchHistory(['.'])).toEqual([]);
  });
  it('allows a few relaunches an hour', () => {
    expect(relaunchAllowed([], now)).toBe(true);
    expect(relaunchAllowed([now - 1_000, now - 2_000], now)).toBe(true);
    expect(relaunchAllowed([now - 1_000, now - 2_000, now - 3_000], now)).toBe(false);
    expect(relaunchAllowed([now - 2 * 3_600_000, now - 3 * 3_600_000, now - 4 * 3_600_000], now)).toBe(true);
  });
  it('writes the updated history into the relaunch arguments', () => {
    const args = relaunchArgs(['.', '--some-flag', `${RELAUNCH_HISTORY_FLAG}${now - 5 * 3_600_000},${now - 1_000}`], [now - 5 * 3_600_000, now - 1_000], now);
    expect(args).toEqual(['.', '--some-flag', `${RELAUNCH_HISTORY_FLAG}${now - 1_000},${now}`]);
    expect(readRelaunchHistory(args)).toEqual([now - 1_000, now]);
  });
});

describe('shell status record', () => {
  it('holds states and fault codes only', () => {
    const record = shellStatus(new Date(0), { state: 'fault', fault: { code: 'not-responding', actor: 'technician' }, failures: 6 }, { degraded: false });
    expect(JSON.parse(JSON.stringify(record))).toEqual({
      updatedAt: '1970-01-01T00:00:00.000Z',
      host: { state: 'fault', fault: { code: 'not-responding', actor: 'technician' }, failures: 6 },
      renderer: { degraded: false },
    });
  });
});
